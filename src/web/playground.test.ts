import { describe, expect, it } from 'vitest';
import { blankLiterals, needsMainFunc } from './playground.js';

describe('needsMainFunc: a main package without func main gets one supplied', () => {
  it('the natural first snippet needs one; a snippet with its own, or another package, does not', () => {
    expect(needsMainFunc('package main\n\nvar Sink any\n\nfunc F(n int) { Sink = n }\n')).toBe(true);
    expect(needsMainFunc('// Doc.\npackage main\n\nfunc main() {}\n')).toBe(false);
    expect(needsMainFunc('package main\nfunc main () {\n}\n')).toBe(false);
    expect(needsMainFunc('package main; func main() {}')).toBe(false);
    expect(needsMainFunc('package p\n\nfunc F() {}\n')).toBe(false);
    expect(needsMainFunc('package mainly\n\nfunc F() {}\n')).toBe(false);
    expect(needsMainFunc('/* package p */ package main\n')).toBe(true);
  });

  it('a func main in a comment or a string is not one; a method named main is not one', () => {
    expect(needsMainFunc('package main\n\n// func main() {}\n')).toBe(true);
    expect(needsMainFunc('package main\n\n/* func main() {\n} */\n')).toBe(true);
    expect(needsMainFunc('package main\n\nvar s = "func main() {}"\n')).toBe(true);
    expect(needsMainFunc('package main\n\nvar s = `\nfunc main() {}\n`\n')).toBe(true);
    expect(needsMainFunc('package main\n\ntype T struct{}\n\nfunc (T) main() {}\n')).toBe(true);
    expect(needsMainFunc("package main\n\nvar r = '\"'\n\nfunc main() {}\n")).toBe(false);
  });

  it('blanking keeps every newline, so positions do not move', () => {
    const src = 'package main\n/* a\nb */ var s = "x\\"y" // c\nfunc main() {}\n';
    const out = blankLiterals(src);
    expect(out.length).toBe(src.length);
    expect(out.split('\n').length).toBe(src.split('\n').length);
    expect(out).toBe(`package main\n    \n     var s = ${' '.repeat(6)} ${' '.repeat(4)}\nfunc main() {}\n`);
  });
});
