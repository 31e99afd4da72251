import * as cards from '../../src/cards/index.js';

describe('cards layer public API', () => {
  it('exports renderResponse, the response schemas and the extension keys', () => {
    expect(typeof cards.renderResponse).toBe('function');
    expect(typeof cards.cardSchema.parse).toBe('function');
    expect(typeof cards.responseSchema.parse).toBe('function');
    expect(typeof cards.cardTextsSchema.parse).toBe('function');
    expect(cards.DETERMINATION_EXTENSION_KEY).toBe('vt.bluecross.spect-spine/determination');
    expect(cards.COVERAGE_INFORMATION_URL).toBe(
      'http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information',
    );
  });
});
