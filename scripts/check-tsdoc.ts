/**
 * Fails when an exported declaration (or a public member of an exported
 * class/interface) in packages/* /src has no TSDoc comment.
 *   pnpm tsx scripts/check-tsdoc.ts
 */
import ts from 'typescript';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const files: string[] = [];
const walk = (d: string) => {
  for (const e of readdirSync(d)) {
    const p = join(d, e);
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) files.push(p);
  }
};
for (const pkg of readdirSync(join(root, 'packages'))) {
  const src = join(root, 'packages', pkg, 'src');
  try {
    statSync(src);
    walk(src);
  } catch {
    /* no src */
  }
}

const missing: string[] = [];
const hasDoc = (n: ts.Node) => ts.getJSDocCommentsAndTags(n).length > 0;
const isExported = (n: ts.Node) => ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
const isPrivate = (n: ts.Node) =>
  ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword);

for (const file of files) {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const where = (n: ts.Node) => `${relative(root, file)}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`;
  for (const st of sf.statements) {
    if (!isExported(st)) continue;
    if (ts.isVariableStatement(st)) {
      if (!hasDoc(st)) missing.push(`${where(st)} ${st.declarationList.declarations.map((d) => d.name.getText(sf)).join(', ')}`);
      continue;
    }
    if (ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st) || ts.isEnumDeclaration(st)) {
      if (!hasDoc(st)) missing.push(`${where(st)} ${st.name?.getText(sf) ?? '(default)'}`);
      // Generated bindings carry upstream docs where the schema has them; members without are left as upstream left them.
      if ((ts.isClassDeclaration(st) || ts.isInterfaceDeclaration(st)) && !file.includes('/generated/')) {
        for (const m of st.members) {
          if (ts.isConstructorDeclaration(m) || isPrivate(m)) continue;
          const name = m.name?.getText(sf) ?? '';
          if (name.startsWith('#') || name.startsWith('[')) continue;
          if (!hasDoc(m)) missing.push(`${where(m)} ${st.name?.getText(sf)}.${name}`);
        }
      }
    }
  }
}
if (missing.length) {
  console.error(`TSDoc missing on ${missing.length} exported symbol(s):`);
  for (const m of missing) console.error(`  ${m}`);
  process.exit(1);
}
console.log(`tsdoc: every exported symbol in ${files.length} files is documented`);
