import { createServer as createTcpServer, type Server } from 'node:net';

/** A tiny SMTP server (RFC 5321 happy path) that keeps what it receives. */
export function smtpServer(): Promise<{ server: Server; port: number; mails: string[] }> {
  const mails: string[] = [];
  const server = createTcpServer((sock) => {
    sock.setEncoding('utf8');
    let inData = false;
    let buf = '';
    let data = '';
    sock.write('220 test ESMTP\r\n');
    sock.on('data', (chunk: string) => {
      buf += chunk;
      let i = buf.indexOf('\r\n');
      while (i !== -1) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            mails.push(data);
            data = '';
            sock.write('250 queued\r\n');
          } else data += `${line}\n`;
        } else {
          const cmd = line.slice(0, 4).toUpperCase();
          if (cmd === 'EHLO' || cmd === 'HELO') sock.write('250 test\r\n');
          else if (cmd === 'DATA') {
            inData = true;
            sock.write('354 go\r\n');
          } else if (cmd === 'QUIT') sock.end('221 bye\r\n');
          else sock.write('250 ok\r\n');
        }
        i = buf.indexOf('\r\n');
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      resolve({ server, port: typeof addr === 'object' && addr ? addr.port : 0, mails });
    }),
  );
}
