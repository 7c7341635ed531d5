// The backup bench's data set, deterministic (every byte from AES-256-CTR keystreams of fixed seeds):
// about `size` bytes of documents (Vietnamese-like text, compressible), pictures (incompressible),
// one real SQLite file (better-sqlite3: rows of text and small random blobs), and duplicates;
// then `editData` changes about 5% of it as a week of office work would.
import { createCipheriv, createHash } from 'node:crypto';
import { appendFile, mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';

const WORDS = (
  'công văn số quyết định về việc triển khai kế hoạch năm tỉnh báo cáo kết quả thực hiện nhiệm vụ uỷ ban nhân dân sở nội vụ ' +
  'tài chính phòng ban hướng dẫn thông tư nghị định chỉ thị tổng hợp đề xuất kiến nghị giải quyết hồ sơ thủ tục hành chính ' +
  'cán bộ công chức viên chức đánh giá xếp loại thi đua khen thưởng kỷ luật bảo mật an toàn thông tin mạng lưới cơ yếu'
).split(' ');

/** A deterministic byte stream: AES-256-CTR of zeros under SHA-256(seed). */
export class Keystream {
  private readonly cipher;
  constructor(seed: string) {
    this.cipher = createCipheriv('aes-256-ctr', createHash('sha256').update(seed).digest(), Buffer.alloc(16));
  }
  bytes(n: number): Buffer {
    return this.cipher.update(Buffer.alloc(n));
  }
  /** A number in [0, n). */
  below(n: number): number {
    return this.bytes(4).readUInt32LE(0) % n;
  }
}

function text(stream: Keystream, bytes: number): Buffer {
  const random = stream.bytes(Math.ceil(bytes / 3));
  const words: string[] = [];
  let length = 0;
  for (let i = 0; length < bytes; i++) {
    const word = `${WORDS[(random[i % random.length] ?? 0) % WORDS.length]}${i % 14 === 13 ? '.\n' : ' '}`;
    words.push(word);
    length += Buffer.byteLength(word);
  }
  return Buffer.from(words.join('')).subarray(0, bytes);
}

export interface DataSet {
  readonly files: number;
  readonly bytes: number;
}

/** Shares of the set: documents 25%, pictures 50%, the SQLite file 15%, duplicates 10%. */
export async function generateData(root: string, size: number): Promise<DataSet> {
  const stream = new Keystream('airlock backup bench');
  const set = { files: 0, bytes: 0 };
  const put = async (file: string, bytes: Buffer) => {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, bytes);
    set.files++;
    set.bytes += bytes.length;
  };
  const documents: string[] = [];
  for (let made = 0, i = 0; made < size * 0.25; i++) {
    const file = path.join(root, 'Công văn', `năm ${2020 + (i % 6)}`, `công văn ${i}.txt`);
    const bytes = text(stream, 2_000 + stream.below(i % 20 === 0 ? 2_000_000 : 200_000));
    await put(file, bytes);
    documents.push(file);
    made += bytes.length;
  }
  const pictures: string[] = [];
  for (let made = 0, i = 0; made < size * 0.5; i++) {
    const file = path.join(root, 'Ảnh', `đợt ${i % 8}`, `ảnh ${i}.jpg`);
    const bytes = stream.bytes(200_000 + stream.below(8_000_000));
    await put(file, bytes);
    pictures.push(file);
    made += bytes.length;
  }
  await mkdir(path.join(root, 'Dữ liệu'), { recursive: true });
  const database = new Database(path.join(root, 'Dữ liệu', 'sổ theo dõi.sqlite'));
  database.exec('PRAGMA journal_mode = DELETE; CREATE TABLE records (id INTEGER PRIMARY KEY, title TEXT, body TEXT, attachment BLOB)');
  const insert = database.prepare('INSERT INTO records (title, body, attachment) VALUES (?, ?, ?)');
  const fill = database.transaction((bytes: number) => {
    for (let made = 0; made < bytes; ) {
      const body = text(stream, 300 + stream.below(1500)).toString('utf8');
      const attachment = stream.bytes(stream.below(600));
      insert.run(`Hồ sơ ${made}`, body, attachment);
      made += body.length + attachment.length + 20;
    }
  });
  fill(size * 0.15);
  database.close();
  set.files++;
  for (let made = 0, i = 0; made < size * 0.1; i++) {
    const from = i % 3 === 0 ? documents[stream.below(documents.length)] : pictures[stream.below(pictures.length)];
    const bytes = await readFile(from ?? '');
    await put(path.join(root, 'Bản sao', `bản sao ${i}${path.extname(from ?? '')}`), bytes);
    made += bytes.length;
  }
  return set;
}

/**
 * About 5% of `size` changed: lines appended to 1 document in 10, 64 KiB overwritten in 1 picture
 * in 20, new pictures (2.5%), 1 row in 20 of the SQLite file rewritten and new rows (1.5%), 1 file
 * in 100 deleted.
 */
export async function editData(root: string, size: number, files: readonly string[]): Promise<void> {
  const stream = new Keystream('airlock backup bench: a week later');
  for (const [i, file] of files.entries()) {
    if (file.endsWith('.txt') && i % 10 === 0) await appendFile(file, text(stream, 2_000));
    else if (file.endsWith('.jpg') && i % 20 === 0) {
      const handle = await open(file, 'r+');
      const { size: length } = await handle.stat();
      await handle.write(stream.bytes(65_536), 0, 65_536, Math.max(0, Math.floor(length / 2) - 32_768));
      await handle.close();
    } else if (i % 100 === 7 && !file.endsWith('.sqlite')) await rm(file);
  }
  for (let made = 0, i = 0; made < size * 0.025; i++) {
    const bytes = stream.bytes(200_000 + stream.below(4_000_000));
    await writeFile(path.join(root, 'Ảnh', `mới ${i}.jpg`), bytes);
    made += bytes.length;
  }
  const database = new Database(path.join(root, 'Dữ liệu', 'sổ theo dõi.sqlite'));
  const { count } = database.prepare('SELECT count(*) AS count FROM records').get() as { count: number };
  const update = database.prepare('UPDATE records SET body = ? WHERE id = ?');
  const insert = database.prepare('INSERT INTO records (title, body, attachment) VALUES (?, ?, ?)');
  database.transaction(() => {
    for (let id = 1; id <= count; id += 20) update.run(text(stream, 400).toString('utf8'), id);
    for (let made = 0; made < size * 0.015; ) {
      const body = text(stream, 1000).toString('utf8');
      insert.run('Hồ sơ mới', body, stream.bytes(300));
      made += body.length + 320;
    }
  })();
  database.close();
}
