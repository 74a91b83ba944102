// The numbers a manager reads in the popup and in the weekly sync, one file per figure;
// the conventions they share are in common.ts.
export * from './common';
export * from './reps';
export * from './funnel';
export * from './reasons';
export * from './first-touch';
export * from './outcomes';
export * from './rejected-fate';
export * from './compliance';
export * from './trends';
export * from './weekly-report';
