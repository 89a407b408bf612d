import { describe, expect, it } from 'vitest';
import { genericShape, oneLine, shortName } from './names.js';

describe('symbol names', () => {
  it('strips the linker package prefix', () => {
    expect(shortName('example.com/m/pkg.(*T).M')).toBe('(*T).M');
    expect(shortName('example.com/m.F.func1')).toBe('F.func1');
    expect(shortName('main.F')).toBe('F');
    expect(shortName('gopkg.in/yaml%2ev3.Marshal')).toBe('Marshal');
    expect(shortName('example.com/m/pkg.G[go.shape.struct { a.b int }]')).toBe('G[go.shape.struct { a.b int }]');
  });
  it('collapses type arguments', () => {
    expect(genericShape('p.(*Box[go.shape.int]).Get')).toBe('p.(*Box[...]).Get');
    expect(genericShape('p.G[map[string]int]')).toBe('p.G[...]');
  });
});

describe('oneLine', () => {
  it('puts a multi-line composite literal on one line', () => {
    expect(oneLine('&ioCore{\n\t\tLevelEnabler: enab,\n\t\tenc:          enc,\n\t}')).toBe('&ioCore{LevelEnabler: enab, enc: enc}');
  });
  it('elides long text at a separator and closes what it leaves open', () => {
    const long = '&contextObserver{\n\t\tLevelEnabler: enab,\n\t\tlogs: &observedLogs{mu: sync.RWMutex{}, logs: make([]LoggedEntry, 0, 16)},\n\t}';
    const s = oneLine(long);
    expect([...s].length).toBeLessThanOrEqual(60);
    expect(s).toMatch(/^&contextObserver\{LevelEnabler: enab, .*…\}+$/);
    expect(s).not.toMatch(/[\n\t]/);
    // brackets balance
    let depth = 0;
    for (const ch of s) depth += ch === '{' || ch === '(' || ch === '[' ? 1 : ch === '}' || ch === ')' || ch === ']' ? -1 : 0;
    expect(depth).toBe(0);
  });
  it('drops comments, not string contents', () => {
    expect(oneLine('&core{ // want x\n\ta: "//x", /* c */ b: 2,\n}')).toBe('&core{a: "//x", b: 2}');
  });
  it('leaves short text alone', () => {
    expect(oneLine('x')).toBe('x');
    expect(oneLine('f(a, b)')).toBe('f(a, b)');
  });
});
