// Organisation as code: `refleks apply -f org.yaml` and the embedded default's demo school.
export { type ApplyOptions, type ApplyReport, applyOrg } from './apply.ts';
export { formatIssue, OrgFileError, type OrgIssue } from './errors.ts';
export { type LoadedOrg, loadOrgFile, parseOrgText, parseYamlText, readText } from './parse.ts';
export {
  type OrgFile,
  type OrgFileInput,
  type OrgPerson,
  type OrgRole,
  type OrgSchool,
  type OrgTeam,
  orgFileSchema,
} from './schema.ts';
