import { escapeMarkdown } from '../../src/cards/markdown.js';

describe('escapeMarkdown', () => {
  it('neutralises emphasis, links and html from chart text', () => {
    expect(escapeMarkdown('Fracture *path* [x](http://e.vil) <b>')).toBe(
      'Fracture \\*path\\* \\[x\\](http://e.vil) \\<b\\>',
    );
  });

  it('keeps the text on one line', () => {
    expect(escapeMarkdown('a\n\n# b')).toBe('a \\# b');
  });
});
