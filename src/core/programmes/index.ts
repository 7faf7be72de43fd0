export { eleveneVare } from './builtin/elevene-vare.ts';
export { isLastStep, type Programme, type ProgrammeStep, type StepKind, stepAt } from './model.ts';
export { builtinProgrammes, getBuiltinProgramme } from './registry.ts';
