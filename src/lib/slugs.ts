/** URL slugs for Chinese names (topics): stable, readable, ASCII. */
import { pinyin } from 'pinyin-pro';

/** A topic name in pinyin joined by hyphens, e.g. 科技、教育 → keji-jiaoyu. */
export function topicSlug(topic: string): string {
  return topic
    .split(/[、，,\s\\/]+/)
    .filter(Boolean)
    .map((part) => pinyin(part, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).join('').toLowerCase().replace(/[^a-z0-9]+/g, ''))
    .filter(Boolean)
    .join('-');
}
