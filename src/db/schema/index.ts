export * from './delivery.ts';
export * from './installations.ts';
export * from './leadership.ts';
export * from './loop.ts';
export * from './organisation.ts';
export * from './teams-conversations.ts';
