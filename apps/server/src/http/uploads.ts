import type { FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.ts';
import { nulError } from './input.ts';

/** Upload limits: one file per request, 10 MB, checked while streaming. */
export const UPLOAD_LIMITS = { fileSize: 10 * 1024 * 1024, files: 1, fields: 10, fieldSize: 4000 };

export type FileKind = 'png' | 'jpeg' | 'pdf' | 'xlsx' | 'csv';
export const MIME: Record<FileKind, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

/** The type of a file by its magic bytes; the uploaded name and Content-Type are not trusted. */
export function sniff(bytes: Buffer): FileKind | null {
  if (
    bytes.length >= 8 &&
    bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  )
    return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50) return 'xlsx';
  if (bytes.length > 0 && !bytes.includes(0)) return 'csv';
  return null;
}

export interface Upload {
  bytes: Buffer;
  kind: FileKind;
  filename: string;
  fields: Record<string, string>;
}

/**
 * Reads the one file of a multipart request (and its text fields), refusing an empty file, a file
 * over the limit (413) and a type not in `allowed` by magic bytes (415).
 */
export async function readUpload(
  request: FastifyRequest,
  allowed: FileKind[],
  required = true,
): Promise<Upload | { fields: Record<string, string>; bytes: null }> {
  if (!request.isMultipart())
    throw new AppError('unsupported_media_type', '请以 multipart/form-data 上传文件');
  const fields: Record<string, string> = {};
  let file: Upload | null = null;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      const bytes = await part.toBuffer();
      if (bytes.length === 0) throw new AppError('validation', '文件为空');
      const kind = sniff(bytes);
      if (!kind || !allowed.includes(kind)) {
        throw new AppError('unsupported_media_type', `只接受以下类型的文件：${allowed.join('、')}`);
      }
      file = {
        bytes,
        kind,
        filename: part.filename.replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 100),
        fields,
      };
    } else {
      const value = String(part.value ?? '');
      if (value.includes('\u0000') || part.fieldname.includes('\u0000'))
        throw nulError(`body/${part.fieldname}`);
      fields[part.fieldname] = value;
    }
  }
  if (!file) {
    if (required) throw new AppError('validation', '缺少上传的文件');
    return { fields, bytes: null };
  }
  return file;
}
