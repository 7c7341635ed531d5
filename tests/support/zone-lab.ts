// Shared with `npm run training`: the code lives in tools/training-kit/zones/.
export * from '../../tools/training-kit/zones/zone-lab.js';
