// Whether an executable is dynamically linked: an ELF file with a PT_INTERP program header names
// the dynamic loader that honours LD_PRELOAD; a static one has none, so no preloaded wrapper can
// reach its socket() calls. Pure over a byte reader, plus a thin file reader.
import { closeSync, openSync, readSync } from 'node:fs';

const PT_INTERP = 3;

/** What the file is, as far as LD_PRELOAD is concerned. */
export type ElfLinking = 'dynamic' | 'static' | 'not-elf';

/** Reads `length` bytes at `offset` (fewer at the end of the file). */
export type ByteReader = (offset: number, length: number) => Uint8Array;

/** Looks for PT_INTERP among the program headers of an ELF file (32- or 64-bit, either endian). */
export function elfLinking(read: ByteReader): ElfLinking {
  const head = read(0, 64);
  if (
    head.length < 52 ||
    head[0] !== 0x7f ||
    head[1] !== 0x45 ||
    head[2] !== 0x4c ||
    head[3] !== 0x46
  ) {
    return 'not-elf';
  }
  const is64 = head[4] === 2;
  const little = head[5] === 1;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  if (is64 && head.length < 64) return 'not-elf';
  const phoff = is64 ? Number(view.getBigUint64(32, little)) : view.getUint32(28, little);
  const phentsize = view.getUint16(is64 ? 54 : 42, little);
  const phnum = view.getUint16(is64 ? 56 : 44, little);
  if (phentsize < 4 || phnum === 0) return 'static';
  const table = read(phoff, phentsize * phnum);
  const tv = new DataView(table.buffer, table.byteOffset, table.byteLength);
  for (let i = 0; i < phnum && (i + 1) * phentsize <= table.length; i++) {
    if (tv.getUint32(i * phentsize, little) === PT_INTERP) return 'dynamic';
  }
  return 'static';
}

/** elfLinking of a file on disk. */
export function fileElfLinking(path: string): ElfLinking {
  const fd = openSync(path, 'r');
  try {
    return elfLinking((offset, length) => {
      const buf = Buffer.alloc(length);
      const n = readSync(fd, buf, 0, length, offset);
      return buf.subarray(0, n);
    });
  } finally {
    closeSync(fd);
  }
}
