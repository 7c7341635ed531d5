// Shared with `npm run training`: the code lives in tools/training-kit/pki/.
export * from '../../../tools/training-kit/pki/run-tool.js';
