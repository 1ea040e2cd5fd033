// Renders an integration guide. The markdown ships with Vouch, but raw HTML in it is still shown as text,
// and links may only point at http(s), mailto or anchors.
import { Typography } from '@mantine/core';
import { Marked, type Tokens } from 'marked';
import { useMemo } from 'react';

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function safeHref(href: string): string | null {
  const trimmed = href.trim();
  if (trimmed.startsWith('#')) return trimmed;
  try {
    const url = new URL(trimmed);
    return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

const guideMarked = new Marked({
  gfm: true,
  async: false,
  renderer: {
    html({ text }: Tokens.HTML | Tokens.Tag) {
      return escapeHtml(text);
    },
    link({ href, title, tokens }: Tokens.Link) {
      const inner = this.parser.parseInline(tokens);
      const safe = safeHref(href);
      if (!safe) return inner;
      const titleAttr = title ? ` title="${escapeHtml(title)}"` : '';
      const external = safe.startsWith('#') ? '' : ' target="_blank" rel="noopener noreferrer"';
      return `<a href="${escapeHtml(safe)}"${titleAttr}${external}>${inner}</a>`;
    },
    image({ text }: Tokens.Image) {
      return escapeHtml(text);
    },
  },
});

export function renderGuide(markdown: string): string {
  return guideMarked.parse(markdown, { async: false });
}

export function Markdown({ markdown }: { markdown: string }) {
  const html = useMemo(() => renderGuide(markdown), [markdown]);
  return <Typography className="vouch-markdown" dangerouslySetInnerHTML={{ __html: html }} />;
}
