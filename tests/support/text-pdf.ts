// Shared with `npm run training` (the inbox's PDF): the code lives in tools/training-kit/documents/.
export * from '../../tools/training-kit/documents/text-pdf.js';
