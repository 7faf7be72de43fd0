import type { nbLeaders } from './leaders.nb.ts';

/** English texts of the leaders' views. */
export const enLeaders: Record<keyof typeof nbLeaders, string> = {
  'web.title': 'Refleks – overview',
  'web.heading': 'Overview for {name}',
  'web.validUntil': 'This link is personal and valid until {when}. Do not share it.',
  'web.language': 'Language',
  'web.teams': 'The teams',
  'web.trend.heading': 'Participation this school year',
  'web.trend.alt': 'Participation in {team} per round from week {first} to week {last}. Latest: {latest}.',
  'web.trend.tooSmall': 'The team is too small for participation to be shown as a percentage.',
  'web.trend.none': 'No rounds yet this school year.',
  'web.table.show': 'Show the figures as a table',
  'web.table.week': 'Week',
  'web.table.participation': 'Participation',
  'web.table.skipped': 'no round',
  'web.months.heading': 'Commitments by month',
  'web.months.alt':
    'Commitments the teams made per month this school year, by where they stand today. In all {total}: {open} open, {done} done, {dropped} put aside.',
  'web.table.month': 'Month',
  'web.digest.heading': 'This week',
  'web.link.invalid.title': 'This link does not work',
  'web.link.invalid': 'This link is not valid. Perhaps it was copied only in part.',
  'web.link.expired.title': 'This link has expired',
  'web.link.expired': 'Links to the overview work for a while, then they expire.',
  'web.link.scope_changed': 'Your roles have changed since the link was made.',
  'web.link.getNew': 'Type /refleks overview in Slack or Teams to get a new link.',
  'web.link.notFound': 'Page not found.',
  'web.unavailable': 'Refleks cannot reach its database just now. Try again in a minute.',
  'button.openWeb': 'Open the overview in your browser',
  'home.leader.webLink':
    'With charts for the school year in your browser – the link is personal and valid until {when}.',
};
