#!/usr/bin/env node
// Swift syntax check for machines without a Swift compiler: parses each file with the
// tree-sitter Swift grammar (npm tree-sitter-swift, pinned) and fails on any ERROR or MISSING
// node, printing file:line:column. What it proves: the text is Swift the grammar accepts.
// What it cannot: types, name resolution, availability, Sendable checking — that needs swiftc
// on a Mac (`swift build` / `swift test` in swift/, see the README).
//
//   node swift/check/check.js FILE...        check files
//   node swift/check/check.js --self-test    prove that broken Swift is rejected
'use strict';
const fs = require('fs');
const Parser = require('tree-sitter');
const Swift = require('tree-sitter-swift');

const parser = new Parser();
parser.setLanguage(Swift);

// The oldest compiler the package supports (Package.swift: swift-tools-version 5.10, Swift 5
// language mode). `#if swift(...)` / `#if compiler(...)` blocks are resolved for it, as the
// compiler does, because the grammar cannot parse a directive wrapped around a lone
// attribute (`#if swift(>=5.8) @_documentation(visibility: private) #endif`), which the
// generated bindings use throughout. Other conditions (`canImport`, `os`) stay for the parser.
const SWIFT_VERSION = [5, 10];

function versionTest(cond) {
  const m = /^(swift|compiler)\((>=|<)\s*([\d.]+)\)$/.exec(cond.trim());
  if (!m) return null;
  const want = m[3].split('.').map(Number);
  let cmp = 0;
  for (let i = 0; i < Math.max(want.length, SWIFT_VERSION.length) && !cmp; i++) {
    cmp = Math.sign((SWIFT_VERSION[i] || 0) - (want[i] || 0));
  }
  return m[2] === '>=' ? cmp >= 0 : cmp < 0;
}

// Returns the source with version conditionals resolved (dropped lines become empty lines,
// so reported positions stay true) and known grammar gaps rewritten column-for-column.
function preprocess(source) {
  const frames = []; // { resolved, active, taken }
  const live = () => frames.every((f) => !f.resolved || f.active);
  const out = source.split('\n').map((line) => {
    const d = /^\s*#(if|elseif|else|endif)\b(.*)$/.exec(line);
    if (d) {
      const [, kw, rest] = d;
      if (kw === 'if') {
        const v = versionTest(rest);
        frames.push(v === null ? { resolved: false } : { resolved: true, active: v, taken: v });
        return v === null ? line : '';
      }
      const top = frames[frames.length - 1];
      if (!top) return line; // unbalanced: leave it for the parser to report
      if (kw === 'endif') {
        frames.pop();
        return top.resolved ? '' : line;
      }
      if (!top.resolved) return line;
      if (kw === 'else') {
        top.active = !top.taken;
        top.taken = true;
      } else {
        const v = versionTest(rest);
        top.active = !top.taken && v === true;
        top.taken = top.taken || top.active;
      }
      return '';
    }
    if (!live()) return '';
    // tree-sitter-swift 0.7.1 does not know Swift 5.10's `nonisolated(unsafe)`.
    return line.replace(/\bnonisolated\(unsafe\)/g, 'nonisolated        ');
  });
  return out.join('\n');
}

function problems(rawSource) {
  const source = preprocess(rawSource);
  // tree-sitter's default buffer is small for 4,000-line generated files.
  const tree = parser.parse(source, undefined, { bufferSize: 4 * source.length + 65536 });
  const found = [];
  const walk = (node) => {
    if (node.isMissing) {
      found.push({ node, what: `missing ${node.type}` });
    } else if (node.type === 'ERROR') {
      found.push({ node, what: 'syntax error' });
    }
    if (node.hasError || node.isMissing) {
      for (const child of node.children) walk(child);
    }
  };
  walk(tree.rootNode);
  return found.map(({ node, what }) => ({
    line: node.startPosition.row + 1,
    column: node.startPosition.column + 1,
    what,
    text: source.split('\n')[node.startPosition.row].trim().slice(0, 100),
  }));
}

function selfTest() {
  const good = 'public func f() async throws -> Int { let s = AsyncStream<Int> { $0.finish() }; return 1 }\n';
  const bad = [
    'public func f( -> Int { return 1 }\n',
    '#if swift(>=5.8)\n@_documentation(visibility: private)\n#endif\npublic func f( {}\n',
    'extension Foo { func g() { let x = } }\n',
    'class A { var x: Int = 1\n',
  ];
  const directives =
    '#if swift(>=5.8)\n@_documentation(visibility: private)\n#endif\npublic func g() {}\n' +
    '#if swift(>=99)\nthis is not swift {\n#else\nfunc h() {}\n#endif\n' +
    'struct S { nonisolated(unsafe) static let x: Int = 1 }\n';
  if (problems(good).length) throw new Error('self-test: valid Swift was rejected');
  if (problems(directives).length) throw new Error('self-test: version directives mishandled');
  for (const b of bad) {
    if (!problems(b).length) throw new Error(`self-test: broken Swift was accepted: ${b}`);
  }
  console.log(`swift-check: self-test ok (1 valid accepted, ${bad.length} broken rejected)`);
}

const files = process.argv.slice(2);
if (files[0] === '--self-test') {
  selfTest();
  process.exit(0);
}
if (!files.length) {
  console.error('usage: check.js FILE... | --self-test');
  process.exit(2);
}
let failed = 0;
for (const file of files) {
  const found = problems(fs.readFileSync(file, 'utf8'));
  for (const p of found) console.error(`${file}:${p.line}:${p.column}: ${p.what}: ${p.text}`);
  if (found.length) failed++;
}
console.log(`swift-check: ${files.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
