// Misses of the differential check that are known and explained (docs/differential.md, "Known
// misses"). Each key is `machine function  file:line  runtime call`, as the check prints it. The
// test fails on any miss not listed here; delete an entry when the analysis is fixed (the test
// prints entries it no longer sees).

/** Allocations the runtime made at sites ifacelens does not call allocating (boxing, direct heap moves, `...` arrays). */
export const KNOWN_MISSES: Record<string, string> = {};

/** Sites ifacelens calls allocating whose executed line made no such allocation. */
export const KNOWN_NOT_ALLOCATED: Record<string, string> = {};
