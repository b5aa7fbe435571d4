/**
 * Reads back what Pagefind stored for each page (its "fragments"): the indexed text, metadata and filters.
 * For tests and for checking the indexed text of real pages, e.g. for words glued together by the HTML.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { BLOCK_WORDS, CARD_DIR, blockPath, parseBlock, type ResultCard } from './result-files';
import { SHARDS_FILE, type ShardList } from './shards';

/** One indexed page as Pagefind stored it. */
export interface IndexedPage {
  /** Pagefind's id of the page: the fragment's file name, and the id of its search results. */
  id: string;
  url: string;
  /** The indexed text; Chinese words are separated by zero-width spaces. */
  content: string;
  word_count: number;
  meta: Record<string, string>;
  filters: Record<string, string[]>;
  /** Elements with an id in the indexed part, with the word position where they start. */
  anchors?: { element: string; id: string; text: string; location: number }[];
}

const SIGNATURE = 'pagefind_dcd';

/** Pagefind's files are gzip-compressed and start with a 12-byte signature once decompressed. */
export function decodePagefindFile(bytes: Uint8Array): Buffer {
  let data = Buffer.from(bytes);
  if (data.subarray(0, SIGNATURE.length).toString('latin1') !== SIGNATURE) data = gunzipSync(data);
  return data.subarray(SIGNATURE.length);
}

/** Every page in the index written to indexDir (dist/pagefind). */
export function readIndexedPages(indexDir: string): IndexedPage[] {
  const dir = join(indexDir, 'fragment');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.pf_fragment'))
    .map((f) => ({ ...(JSON.parse(decodePagefindFile(readFileSync(join(dir, f))).toString('utf8')) as Omit<IndexedPage, 'id'>), id: f.replace(/\.pf_fragment$/, '') }))
    .sort((a, b) => a.url.localeCompare(b.url));
}

/** A page as the search page sees it: its card and the words of its own text, read back from the text blocks. */
export interface ResultPage extends ResultCard {
  id: string;
  /** The shard it is in (0 for the first; see shards.ts). */
  shard: number;
  words: string[];
}

/** The shard folders of the index written to indexDir, as shards.json lists them (one, '', without the file). */
export function readShardList(indexDir: string): ShardList {
  try {
    return JSON.parse(readFileSync(join(indexDir, SHARDS_FILE), 'utf8')) as ShardList;
  } catch {
    return { shards: [{ dir: '', pages: 0, from: '', to: '' }] };
  }
}

/** Every page of the index written to indexDir (all its shards), from the cards and text blocks the search page uses. */
export function readResultPages(indexDir: string): ResultPage[] {
  return readShardList(indexDir)
    .shards.flatMap((shard, n) => readShardPages(join(indexDir, shard.dir), n))
    .sort((a, b) => a.url.localeCompare(b.url));
}

function readShardPages(indexDir: string, shard: number): ResultPage[] {
  return readdirSync(join(indexDir, CARD_DIR))
    .filter((f) => f.endsWith('.json'))
    .map((f) => {
      const id = f.replace(/\.json$/, '');
      const card = JSON.parse(readFileSync(join(indexDir, CARD_DIR, f), 'utf8')) as ResultCard;
      const words: string[] = [];
      for (let n = 0; ; n++) {
        let block: string;
        try {
          block = readFileSync(join(indexDir, blockPath(id, n)), 'utf8');
        } catch {
          break;
        }
        // Blocks overlap; each owns the words up to the next block's first position.
        const { offset, words: blockWords } = parseBlock(block);
        words.push(...blockWords.slice(0, Math.max(0, (n + 1) * BLOCK_WORDS - offset)));
      }
      return { id, shard, ...card, words };
    });
}
