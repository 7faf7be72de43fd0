export const TENANT = '11111111-2222-3333-4444-555555555555';
export const CHANNEL = '19:5trinn@thread.tacv2';

/** The people of the Teams test school, one line each, known by their AAD object ids. */
export const TEAMS_PEOPLE = {
  kari: `  - { email: kari@sinsen.example, name: Kari Nordmann, teams: { aad_object_id: aad-kari, tenant_id: ${TENANT} }, roles: [{ role: member, team: sinsen-5trinn }, { role: team_lead, team: sinsen-5trinn }] }`,
  ola: `  - { email: ola@sinsen.example, name: Ola Hansen, teams: { aad_object_id: aad-ola, tenant_id: ${TENANT} }, roles: [{ role: member, team: sinsen-5trinn }] }`,
  nora: `  - { email: nora@sinsen.example, name: Nora Berg, teams: { aad_object_id: aad-nora, tenant_id: ${TENANT} }, roles: [{ role: member, team: sinsen-5trinn }] }`,
  per: `  - { email: per@sinsen.example, name: Per Avdeling, teams: { aad_object_id: aad-per, tenant_id: ${TENANT} }, roles: [{ role: department_head, teams: [sinsen-5trinn] }] }`,
};

/** Sinsen's 5. trinn bound to the Teams channel, with these people; `teamLines` add to the team. */
export function teamsOrg(people: (keyof typeof TEAMS_PEOPLE)[], teamLines: string[] = []): string {
  return `
owner: { key: oslo, name: Oslo kommune }
schools:
  - { key: sinsen, name: Sinsen skole, locale: nb }
teams:
  - key: sinsen-5trinn
    school: sinsen
    name: 5. trinn
    programme: elevene-vare
    schedule: { weekday: thursday, time: "14:00" }
${teamLines.map((line) => `    ${line}\n`).join('')}    teams: { conversation_id: "${CHANNEL}", tenant_id: ${TENANT} }
people:
${people.map((who) => TEAMS_PEOPLE[who]).join('\n')}
`;
}

// Prompt reminders are off for the team: the test is about commitments, and the weekly cap counts both.
export const COMMITMENT_ORG = teamsOrg(['kari', 'ola', 'nora'], ['reminders: { via: dm, after_hours: [] }']);
