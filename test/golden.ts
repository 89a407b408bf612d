// Golden text independent of the Go patch release: `go1.26.8` is written `go1.26` (the goldens
// live in testdata/<go1.N>/ and hold for every patch release of that version). Refresh them with
// `npm run goldens`; CI never writes them (vitest does not write snapshots when CI is set).
export function goldenText(text: string): string {
  return text.replace(/\bgo(\d+\.\d+)\.\d+\b/g, 'go$1');
}
