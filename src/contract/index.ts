// The public contract: every JSON shape ifacelens writes (analyze, explain, layout, measure,
// profile, compare reports) and the web API's, as types only. Dependency-free (no Node, no other src/
// folder): report/, web/ (the page too) and editors import it. docs/json-schema.md documents it.
export type * from './report.js';
export type * from './explain.js';
export type * from './layout.js';
export type * from './measure.js';
export type * from './profile.js';
export type * from './compare.js';
export type * from './web.js';
export type * from './fix.js';
