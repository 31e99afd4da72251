/**
 * The demo EHR's DTR client, server side (loopback only, as the rest of the demo API):
 *   POST /demo/api/dtr/open {order, coverage, questionnaire, assertionId}
 *        asks the payer's $questionnaire-package (a JWT signed with the demo EHR's key, aud the payer's FHIR base)
 *        for the questionnaire CRD named, with the coverage-assertion-id as context, then prefills it from the
 *        demo FHIR server (prefill.ts) and hands the page the questionnaire, its value sets and the draft response;
 *   POST /demo/api/dtr/save {response}
 *        stores the completed QuestionnaireResponse in the demo FHIR server (which validates it), as an EHR keeps
 *        what DTR gathered with the order.
 * Prefill runs here, in the demo EHR, never in the payer service (DTR spec-62).
 */
import express, { Router } from 'express';
import type {
  Bundle,
  Coverage,
  Parameters,
  Patient,
  Questionnaire,
  QuestionnaireResponse,
  ValueSet,
} from 'fhir/r4.js';
import type { DemoClient } from '../demo-client.js';
import { loopbackOnly } from '../demo-routes.js';
import { httpSearch, prefill } from './prefill.js';

export interface DtrDemoDeps {
  /** The service's base URL: its FHIR base (the payer's DTR endpoint) is `${baseUrl}/fhir`. */
  baseUrl: string;
  fhirServer: string;
  fhirAccessToken: string;
  signer: Pick<DemoClient, 'sign'>;
}

class DemoError extends Error {}

const REFERENCE = /^[A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/;

export function createDtrDemoRouter(deps: DtrDemoDeps): Router {
  const payerFhir = `${deps.baseUrl}/fhir`;
  const ehr = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    const res = await fetch(`${deps.fhirServer}/${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${deps.fhirAccessToken}`,
        'content-type': 'application/fhir+json',
        ...init.headers,
      },
      signal: AbortSignal.timeout(5000),
    });
    const body = (await res.json().catch(() => ({}))) as T;
    if (!res.ok)
      throw new DemoError(`the EHR's FHIR server answered ${res.status} for ${path.split('?')[0]}`);
    return body;
  };

  const router = Router();
  router.use('/demo/api/dtr', loopbackOnly, express.json({ limit: '2mb' }));

  router.post('/demo/api/dtr/open', async (req, res) => {
    try {
      const { order, coverage, questionnaire, assertionId } = req.body as Record<string, unknown>;
      if (typeof coverage !== 'string' || !REFERENCE.test(coverage) || !coverage.startsWith('Coverage/'))
        throw new DemoError('coverage must be a Coverage reference');
      if (typeof questionnaire !== 'string') throw new DemoError('questionnaire must be a canonical');
      if (typeof order !== 'object' || order === null)
        throw new DemoError('order must be the signed ServiceRequest');
      const coverageResource = await ehr<Coverage>(coverage);
      const patientRef = coverageResource.beneficiary?.reference ?? '';
      if (!REFERENCE.test(patientRef)) throw new DemoError('the Coverage names no beneficiary');
      const patient = await ehr<Patient>(patientRef);
      const token = await deps.signer.sign(payerFhir);
      const answer = await fetch(`${payerFhir}/Questionnaire/$questionnaire-package`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json' },
        body: JSON.stringify({
          resourceType: 'Parameters',
          parameter: [
            { name: 'coverage', resource: coverageResource },
            { name: 'order', resource: order },
            { name: 'questionnaire', valueCanonical: questionnaire },
            ...(typeof assertionId === 'string' ? [{ name: 'context', valueString: assertionId }] : []),
          ],
        }),
        signal: AbortSignal.timeout(10_000),
      });
      const parameters = (await answer.json()) as Parameters;
      if (!answer.ok) throw new DemoError(`the payer answered ${answer.status} to $questionnaire-package`);
      const bundle = parameters.parameter?.find((p) => p.name === 'packagebundle')?.resource as
        | Bundle
        | undefined;
      const resources = bundle?.entry?.map((e) => e.resource) ?? [];
      const found = resources[0] as Questionnaire | undefined;
      if (found?.resourceType !== 'Questionnaire') throw new DemoError('the payer sent no questionnaire');
      const draft = resources.find((r) => r?.resourceType === 'QuestionnaireResponse') as
        | QuestionnaireResponse
        | undefined;
      const { response, skipped } = await prefill({
        questionnaire: found,
        patient,
        search: httpSearch(deps.fhirServer, deps.fhirAccessToken),
        ...(draft ? { draft } : {}),
        now: new Date(),
      });
      res.setHeader('Cache-Control', 'no-store');
      res.json({
        questionnaire: found,
        valueSets: resources.filter((r): r is ValueSet => r?.resourceType === 'ValueSet'),
        response,
        skipped,
      });
    } catch (error) {
      if (!(error instanceof DemoError)) throw error;
      res.status(400).json({ error: error.message });
    }
  });

  router.post('/demo/api/dtr/save', async (req, res) => {
    const response = (req.body as { response?: QuestionnaireResponse } | undefined)?.response;
    if (response?.resourceType !== 'QuestionnaireResponse') {
      res.status(400).json({ error: 'response must be a QuestionnaireResponse' });
      return;
    }
    const { id: _ignored, ...body } = response;
    try {
      const saved = await ehr<QuestionnaireResponse>('QuestionnaireResponse', {
        method: 'POST',
        body: JSON.stringify(body),
      });
      res.json({ id: saved.id, reference: `QuestionnaireResponse/${saved.id}` });
    } catch (error) {
      if (!(error instanceof DemoError)) throw error;
      res.status(400).json({ error: error.message });
    }
  });
  return router;
}
