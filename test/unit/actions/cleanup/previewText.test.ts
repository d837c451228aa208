// The space estimate (blobs not shared with kept images) and the preview as Markdown, JSON and CSV.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateSpace, formatBytes } from '../../../../src/actions/cleanup/space';
import { previewCsv, previewJson, previewMarkdown } from '../../../../src/actions/cleanup/previewText';
import { newPreview } from '../../../../src/actions/cleanup/preview';
import type { CleanupImage } from '../../../../src/actions/cleanup/types';
import { dg, previewOf } from '../../../fixtures/fakeRegistry';

const img = (digest: string, action: CleanupImage['action']): CleanupImage => ({ digest, action, goes: [], stays: [] });

test('space: blobs of deleted images that no kept image uses, once each; an index through its platforms', () => {
  const base = { digest: dg('0'), size: 1000 };
  const manifests = new Map([
    [dg('a'), { blobs: [base, { digest: dg('1'), size: 10 }], children: [] }],
    [dg('b'), { blobs: [base, { digest: dg('2'), size: 20 }], children: [] }],
    [dg('k'), { blobs: [base, { digest: dg('3'), size: 30 }], children: [] }],
    [dg('i'), { blobs: [], children: [dg('p'), dg('k')] }],
    [
      dg('p'),
      {
        blobs: [
          { digest: dg('4'), size: 40 },
          { digest: dg('1'), size: 10 },
        ],
        children: [],
      },
    ],
  ]);
  const s = estimateSpace([img(dg('a'), 'delete'), img(dg('b'), 'delete'), img(dg('k'), 'keep'), img(dg('i'), 'delete')], manifests);
  // base is kept (k uses it); 1 counted once; 2; the index's platform p adds 4; k (also listed by the index) stays.
  assert.deepEqual(s, { bytes: 10 + 20 + 40, blobs: 3, unknownImages: 0 });
  const untagOnly = estimateSpace([img(dg('a'), 'untag')], manifests);
  assert.equal(untagOnly.bytes, 0, 'an image that stays frees nothing');
  const unread = estimateSpace([img(dg('a'), 'delete'), img(dg('x'), 'delete')], manifests);
  assert.equal(unread.unknownImages, 1);
  assert.equal(formatBytes(1234567), '1.2 MB');
  assert.equal(formatBytes(999), '999 B');
});

test('the Markdown names every tag that goes and every tag kept, with its rule, digest and how it goes, and says it is a dry run and an estimate', () => {
  const A = dg('a');
  const C = dg('c');
  const r = previewOf({ old: A, 'old-too': A, shared: C, latest: C }, 'include=old*,shared protect=latest', false);
  r.space = { bytes: 2_500_000, blobs: 2, unknownImages: 0 };
  r.afterwards = 'Run the garbage collector.';
  const md = previewMarkdown(newPreview([r], Date.parse('2025-06-01T00:00:00Z')));
  assert.match(md, /^# Clean-up preview: h:5000\/r/);
  assert.match(md, /\*\*Dry run: nothing has been deleted\.\*\*/);
  assert.match(md, /Rules: `include=old\*,shared protect=latest`/);
  assert.match(md, /\| deleted with their image \| 2 \| 1 \|/);
  assert.match(md, /\| stay although the rules say they go \| 1 \| — \|/);
  assert.match(md, /about 2\.5 MB\*\* in 2 blobs\. This is an estimate/);
  assert.match(md, /## Goes \(2\)[\s\S]*\| `old` \| `aaaaaaaaaaaa` \| {2}\| include=old\* \| image deleted \(with old-too\) \|/);
  assert.match(md, /## Stay although the rules say they go \(1\)[\s\S]*`shared`[\s\S]*h:5000 cannot remove a tag alone/);
  assert.match(md, /## Kept \(1\)[\s\S]*\| `latest` \| `cccccccccccc` \| {2}\| protected \(protect=latest\) \|/);
  assert.match(md, new RegExp(`## Images deleted \\(1\\)\\n\\n- \`${A}\` — old, old-too`));
  assert.match(md, /## Afterwards\n\nRun the garbage collector\./);
});

test('a pattern with | does not break the Markdown table', () => {
  const r = previewOf({ a: dg('a') }, 'include=/^(a|b)$/', true);
  const md = previewMarkdown(newPreview([r], 0));
  assert.match(md, /include=\/\^\(a\\\|b\)\$\//);
});

test('JSON carries the whole preview; CSV one row per tag, quoted, and safe to open in a spreadsheet', () => {
  const r = previewOf({ a: dg('a'), b: dg('b') }, 'include=a protect=b', true);
  r.tags[0].why = '=HYPERLINK("x"), with a comma';
  const p = newPreview([r], 0);
  const json = JSON.parse(previewJson(p));
  assert.equal(json.repositories[0].tags.length, 2);
  assert.equal(json.repositories[0].images.find((i: { digest: string }) => i.digest === dg('a')).action, 'delete');
  const csv = previewCsv(p).split('\r\n');
  assert.equal(csv[0], 'registry,repository,tag,digest,created,goes,removal,rule,why');
  assert.equal(
    csv[1],
    `h:5000,r,${r.tags[0].tag},${r.tags[0].digest},,${r.tags[0].goes ? 'yes' : 'no'},${r.tags[0].removal ?? ''},${r.tags[0].rule},"'=HYPERLINK(""x""), with a comma"`,
  );
  assert.equal(csv.length, 4, 'two rows, a header and the final line end');
});
