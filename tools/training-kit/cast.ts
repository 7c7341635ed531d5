// Who the training workstation's people are: three officials of a provincial office and its cipher
// officer. Invented names; the token labels are ASCII so every PKCS#11 tool shows them alike.
import type { TrainingOfficial } from '../../shared/ipc/contracts/training.js';

export const TRAINING_OFFICE = 'Văn phòng UBND tỉnh Thừa Thiên Huế';
export const TRAINING_NAME = 'Máy trạm tập huấn — Văn phòng UBND tỉnh Thừa Thiên Huế';

export type CastMember = Omit<TrainingOfficial, 'pin'>;

export const TRAINING_CAST: readonly CastMember[] = [
  { name: 'Nguyễn Văn An', organisation: TRAINING_OFFICE, role: 'official', tokenLabel: 'Tap huan - Nguyen Van An' },
  { name: 'Trần Thị Bình', organisation: TRAINING_OFFICE, role: 'official', tokenLabel: 'Tap huan - Tran Thi Binh' },
  { name: 'Lê Hoàng Cường', organisation: TRAINING_OFFICE, role: 'official', tokenLabel: 'Tap huan - Le Hoang Cuong' },
  { name: 'Phạm Thị Dung', organisation: TRAINING_OFFICE, role: 'cipherOfficer', tokenLabel: 'Tap huan - Pham Thi Dung' },
];

/** The administrator who signs the zone policy (a file key: an administrator's signing station, not a token here). */
export const TRAINING_ADMIN = { C: 'VN', O: TRAINING_OFFICE, CN: 'Quản trị viên mạng (tập huấn)' } as const;
export const TRAINING_ROOT = { C: 'VN', O: 'Airlock — CA tập huấn', CN: 'CA gốc tập huấn Airlock' } as const;
export const TRAINING_ISSUING = { C: 'VN', O: 'Airlock — CA tập huấn', CN: 'CA cấp chứng thư tập huấn Airlock' } as const;
