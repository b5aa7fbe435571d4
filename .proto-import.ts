import fs from 'node:fs';
import { htmlToMarkdown, htmlToText } from './src/lib/import/body';
import { chineseCharSequence, firstDifference } from './src/lib/import/fidelity';
fs.mkdirSync('/tmp/proto', {recursive: true});
for (const f of ["documents.jsonl","interpretations.jsonl"]) {
 for (const l of fs.readFileSync('/work/shared/corpus/'+f,"utf8").split("\n").filter(Boolean)){
   const r=JSON.parse(l);
   if (!r.body_html || !String(r.body_format).startsWith('html')) continue;
   const {markdown: md, droppedImages} = htmlToMarkdown(r.body_html);
   fs.writeFileSync('/tmp/proto/'+r.id+'.md', md);
   const d = firstDifference(chineseCharSequence(r.body), chineseCharSequence(md));
   const d2 = firstDifference(chineseCharSequence(htmlToText(r.body_html)), chineseCharSequence(md));
   const refs = md.match(/&#x[0-9A-F]+;/gi);
   if (d || refs || droppedImages.length) console.log(r.id, d ? JSON.stringify(d) : 'OK', d2 ? 'vsHTML:'+JSON.stringify(d2) : 'html-OK', refs?.slice(0,5), droppedImages);
 }
}
