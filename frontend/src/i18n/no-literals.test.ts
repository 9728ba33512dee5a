// Every word a person reads goes through t(): no JSX text, and no string literal in a
// JSX attribute or expression a person reads (a label, a placeholder, a title, a column
// header …), may hold a letter. Brand names and key captions are the only exceptions.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('..', import.meta.url));

/** Words that are the same in every language: the brand, and the keys printed on a keyboard. */
const ALLOWED = new Set(['TraceTrack', 'F8', 'F9', 'Esc']);

/** Attributes whose value a person reads or hears (props of our components included). */
const READ_ATTRIBUTES = new Set([
  'aria-label', 'aria-valuetext', 'placeholder', 'title', 'alt', 'label', 'hint', 'error', 'anyLabel', 'yesLabel', 'noLabel',
  'confirmLabel', 'cancelLabel', 'submitLabel', 'loadingLabel', 'empty', 'caption', 'header', 'first', 'idleText', 'defaultValue',
]);

const CHART_SERIES = new Set(['Bar', 'Line', 'Area', 'Pie', 'Scatter']);

/** Properties of object literals (table columns, choices, figures) whose value a person reads. */
const READ_PROPERTIES = new Set(['header', 'label', 'headline', 'reason', 'title', 'message', 'text', 'caption', 'hint']);

const HAS_LETTER = /\p{L}/u;
const IDENTIFIER = /^[a-z0-9_]+$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    const isSource = /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts');
    return isSource ? [path] : [];
  });
}

function readable(text: string): boolean {
  const trimmed = text.trim();
  return trimmed !== '' && HAS_LETTER.test(trimmed) && !ALLOWED.has(trimmed);
}

/** String literals an expression evaluates to directly (through ?:, ??, ||, &&, +, parentheses, templates). */
function literalsOf(node: ts.Node): ts.Node[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node];
  if (ts.isTemplateExpression(node)) {
    return [node.head, ...node.templateSpans.map((span) => span.literal)].filter((part) => readable(part.text)).length > 0 ? [node] : [];
  }
  if (ts.isParenthesizedExpression(node)) return literalsOf(node.expression);
  if (ts.isConditionalExpression(node)) return [...literalsOf(node.whenTrue), ...literalsOf(node.whenFalse)];
  if (ts.isBinaryExpression(node)) {
    const kind = node.operatorToken.kind;
    const passes = [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.PlusToken];
    return passes.includes(kind) ? [...literalsOf(node.left), ...literalsOf(node.right)] : [];
  }
  return [];
}

function literalText(node: ts.Node): string {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join('…');
  return node.getText();
}

function untranslated(file: string, text = readFileSync(file, 'utf8')): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const report = (node: ts.Node, what: string) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart());
    found.push(`${relative(SRC, file)}:${line + 1}: ${what}`);
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && readable(node.text)) report(node, `text ${JSON.stringify(node.text.trim())}`);
    if (ts.isJsxAttribute(node) && node.initializer) {
      const name = node.name.getText();
      // `name` is read on a chart's series (<Bar name=…>), not on a form control (<input name=…>).
      const element = node.parent.parent;
      const onChart = (ts.isJsxOpeningElement(element) || ts.isJsxSelfClosingElement(element)) && CHART_SERIES.has(element.tagName.getText());
      if (READ_ATTRIBUTES.has(name) || (name === 'name' && onChart)) {
        const value = ts.isJsxExpression(node.initializer) ? node.initializer.expression : node.initializer;
        for (const literal of value ? literalsOf(value) : []) {
          if (readable(literalText(literal))) report(literal, `${name}=${JSON.stringify(literalText(literal))}`);
        }
      }
    }
    if (ts.isJsxExpression(node) && node.expression && !ts.isJsxAttribute(node.parent)) {
      for (const literal of literalsOf(node.expression)) {
        if (readable(literalText(literal))) report(literal, `{${JSON.stringify(literalText(literal))}}`);
      }
    }
    if (ts.isPropertyAssignment(node) && READ_PROPERTIES.has(node.name.getText())) {
      for (const literal of literalsOf(node.initializer)) {
        // `reason: 'no_parent'` names a case for the code; words have spaces or capitals.
        if (readable(literalText(literal)) && !IDENTIFIER.test(literalText(literal))) report(literal, `${node.name.getText()}: ${JSON.stringify(literalText(literal))}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('no words outside the translations', () => {
  it('has no English left in components or in what they show', () => {
    const found = sourceFiles(SRC).flatMap((file) => untranslated(file));
    expect(found).toEqual([]);
  });

  it('catches words written straight into a component, and lets the brand and t() through', () => {
    const probe = [
      'const a = <h1>TraceTrack</h1>;',
      'const b = <button title="Close">Open</button>;',
      "const c = <input aria-label={busy ? 'Saving…' : t('save')} placeholder={`e.g. ${code}`} name=\"qr\" />;",
      "const d = <Field label=\"Bill id\" hint={t('bills.form.idHint')} />;",
      "const e = { header: 'When', cell: () => t('history.when') }; const f = { reason: 'no_parent' };",
      "const g = <Bar dataKey=\"scans\" name=\"Scans\" />; const h = <p>{t('x')} · {qr}</p>;",
    ].join('\n');
    expect(untranslated('probe.tsx', probe).map((line) => line.replace(/^.*probe\.tsx:/, ''))).toEqual([
      '2: title="Close"',
      '2: text "Open"',
      '3: aria-label="Saving…"',
      '3: placeholder="e.g. …"',
      '4: label="Bill id"',
      '5: header: "When"',
      '6: name="Scans"',
    ]);
  });
});
