export const TENANT = '11111111-2222-3333-4444-555555555555';
export const CHANNEL = '19:5trinn@thread.tacv2';

// Prompt reminders are off for the team: the test is about commitments, and the weekly cap counts both.
export const COMMITMENT_ORG = `
owner: { key: oslo, name: Oslo kommune }
schools:
  - { key: sinsen, name: Sinsen skole, locale: nb }
teams:
  - key: sinsen-5trinn
    school: sinsen
    name: 5. trinn
    programme: elevene-vare
    schedule: { weekday: thursday, time: "14:00" }
    reminders: { via: dm, after_hours: [] }
    teams: { conversation_id: "${CHANNEL}", tenant_id: ${TENANT} }
people:
  - { email: kari@sinsen.example, name: Kari Nordmann, teams: { aad_object_id: aad-kari, tenant_id: ${TENANT} }, roles: [{ role: member, team: sinsen-5trinn }, { role: team_lead, team: sinsen-5trinn }] }
  - { email: ola@sinsen.example, name: Ola Hansen, teams: { aad_object_id: aad-ola, tenant_id: ${TENANT} }, roles: [{ role: member, team: sinsen-5trinn }] }
  - { email: nora@sinsen.example, name: Nora Berg, teams: { aad_object_id: aad-nora, tenant_id: ${TENANT} }, roles: [{ role: member, team: sinsen-5trinn }] }
`;
