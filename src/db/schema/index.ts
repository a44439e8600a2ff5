// The whole schema, for drizzle and drizzle-kit.
export * from './companies.ts';
export * from './calls.ts';
export * from './knowledge.ts';
export * from './outcomes.ts';
export * from './people.ts';
