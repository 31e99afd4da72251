/**
 * What the demo's order-entry screen can draft: the four spine SPECT codes of Attachment I, the body sites, and an
 * MRI or CT of each region to draft beside the SPECT. The page receives this list from the server, so codes live in
 * one place (and are the codes the policy's value sets hold).
 */
import type { Coding } from 'fhir/r4.js';

export type SpineSite = 'cervical' | 'thoracic' | 'lumbar' | 'sacroiliac';
export type DraftSite = SpineSite | 'knee';

const CPT = 'http://www.ama-assn.org/go/cpt';
const SNOMED = 'http://snomed.info/sct';
const cpt = (code: string, display: string): Coding => ({ system: CPT, code, display });

export const SITES: Readonly<Record<DraftSite, Coding>> = {
  cervical: { system: SNOMED, code: '122494005', display: 'Cervical spine structure' },
  thoracic: { system: SNOMED, code: '122495006', display: 'Thoracic spine structure' },
  lumbar: { system: SNOMED, code: '122496007', display: 'Lumbar spine structure' },
  sacroiliac: { system: SNOMED, code: '39723000', display: 'Sacroiliac joint structure' },
  knee: { system: SNOMED, code: '72696002', display: 'Knee region structure' },
};

export const SPECT_CODES: readonly Coding[] = [
  cpt('78803', 'SPECT, single area, single day'),
  cpt('78830', 'SPECT with concurrently acquired CT, single area, single day'),
  cpt('78831', 'SPECT, minimum 2 areas or 2 or more days'),
  cpt('78832', 'SPECT with concurrently acquired CT, minimum 2 areas or 2 or more days'),
];

/** Prior studies and other orders by modality and region. */
export const IMAGING_CODES: Readonly<Record<'DX' | 'CT' | 'MR', Readonly<Record<SpineSite, Coding>>>> = {
  DX: {
    cervical: cpt('72040', 'X-ray cervical spine, 2 or 3 views'),
    thoracic: cpt('72070', 'X-ray thoracic spine, 2 views'),
    lumbar: cpt('72100', 'X-ray lumbosacral spine, 2 or 3 views'),
    sacroiliac: cpt('72202', 'X-ray sacroiliac joints, 3 or more views'),
  },
  CT: {
    cervical: cpt('72125', 'CT cervical spine without contrast'),
    thoracic: cpt('72128', 'CT thoracic spine without contrast'),
    lumbar: cpt('72131', 'CT lumbar spine without contrast'),
    sacroiliac: cpt('72192', 'CT pelvis without contrast'),
  },
  MR: {
    cervical: cpt('72141', 'MRI cervical spine without contrast'),
    thoracic: cpt('72146', 'MRI thoracic spine without contrast'),
    lumbar: cpt('72148', 'MRI lumbar spine without contrast'),
    sacroiliac: cpt('72195', 'MRI pelvis without contrast'),
  },
};

/** The catalogue as the page receives it. */
export function orderCatalogue() {
  return {
    sites: SITES,
    spect: SPECT_CODES,
    // So the knee case, too, can draft an MRI or CT beside its SPECT.
    mri: { ...IMAGING_CODES.MR, knee: cpt('73721', 'MRI joint of lower extremity without contrast') },
    ct: { ...IMAGING_CODES.CT, knee: cpt('73700', 'CT lower extremity without contrast') },
  };
}
