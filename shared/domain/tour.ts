// The guided tour's vocabulary as plain constants: no zod here, so the renderer can import the
// step ids without bundling the schema library (the schemas are in shared/ipc/contracts/training.ts).

/**
 * The steps of the training workstation's guided tour, in the order the panel shows them. A
 * capability adds its own step by appending an id here, a check in the core's registry
 * (electron/core/training/tour-steps.ts: the compiler insists on one per id) and its texts
 * (`training.tour.step.<id>.title`, `.do`, `.why`: the catalogs must have each, in vi and en).
 */
export const TOUR_STEP_IDS = ['unlock', 'openDocument', 'encryptForColleague', 'signDocument', 'switchZone', 'answerMessage', 'makeBackup', 'verifyAudit'] as const;
export type TourStepId = (typeof TOUR_STEP_IDS)[number];

/**
 * The office LAN's zone id on a training workstation: the id `npm run training`'s zone policy
 * gives it (tools/training-kit/zones/zone-policy.ts, as the zone tests' lab policy does). The core
 * checks the switch step against it; the panel names the zone from the policy by it.
 */
export const OFFICE_LAN_ZONE = 'van-phong';

/**
 * The cipher network's zone id on a training workstation: the zone whose messaging server the kit
 * starts with its officials' accounts and practice messages (tools/training-kit/training-messaging.ts).
 * The messaging step's text names the zone to switch to from the policy by it.
 */
export const CIPHER_ZONE = 'co-yeu';

/**
 * The practice PDF the training kit puts in the training folder for the signDocument step
 * (tools/training-kit/documents/practice-signing.ts); the step's text names it.
 */
export const PRACTICE_PDF_NAME = 'Tờ trình cần ký (luyện tập).pdf';
