/**
 * CRD asks that every link in a card's markdown also appear in `links`, because some EHRs do not render the detail
 * (resp-6..10). This finds the [label](url) links of a detail and turns the absolute ones into CDS Hooks Links.
 */
import type { Link } from './schema.js';

const MARKDOWN_LINK = /\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/g;

export function linksOf(markdown: string): Link[] {
  const seen = new Set<string>();
  const links: Link[] = [];
  for (const match of markdown.matchAll(MARKDOWN_LINK)) {
    const label = match[1]!.trim();
    const url = match[2]!;
    if (seen.has(url)) continue;
    seen.add(url);
    links.push({ label, url, type: 'absolute' });
  }
  return links;
}
