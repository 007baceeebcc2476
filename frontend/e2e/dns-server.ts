// A real DNS server for the end-to-end tests, on a free loopback UDP port: it answers TXT
// questions from a table the test fills (for example a domain's verification record read
// from the page), NXDOMAIN for names it does not know, and nothing else. orgdir is
// pointed at it with --dns-resolver (startOrgdir({ dnsResolver })).
import { createSocket, type RemoteInfo } from 'node:dgram';
import * as dnsPacket from 'dns-packet';

export interface DnsServer {
  /** host:port, as --dns-resolver takes it. */
  address: string;
  /** Sets the TXT records of a name (replacing what it had). */
  setTxt: (name: string, records: string[]) => void;
  /** The questions received, as "TXT acme-labs.test". */
  questions: string[];
  stop: () => Promise<void>;
}

const normalize = (name: string) => name.toLowerCase().replace(/\.$/, '');

export async function startDnsServer(): Promise<DnsServer> {
  const txt = new Map<string, string[]>();
  const questions: string[] = [];
  const socket = createSocket('udp4');

  socket.on('message', (msg: Buffer, from: RemoteInfo) => {
    let query: dnsPacket.Packet;
    try {
      query = dnsPacket.decode(msg);
    } catch {
      return; // not DNS: no answer
    }
    const answers: dnsPacket.Answer[] = [];
    let known = false;
    for (const q of query.questions ?? []) {
      const name = normalize(q.name);
      questions.push(`${q.type} ${name}`);
      const records = txt.get(name);
      if (!records) continue;
      known = true;
      if (q.type !== 'TXT') continue;
      for (const data of records) answers.push({ type: 'TXT', name: q.name, ttl: 60, class: 'IN', data: [data] });
    }
    const reply = dnsPacket.encode({
      id: query.id,
      type: 'response',
      // QR is set by type; RD copied, RA set; rcode NXDOMAIN (3) for unknown names.
      flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | (known ? 0 : 3),
      questions: query.questions,
      answers,
    });
    socket.send(reply, from.port, from.address);
  });

  await new Promise<void>((done, fail) => {
    socket.once('error', fail);
    socket.bind(0, '127.0.0.1', () => done());
  });
  const { port } = socket.address();
  return {
    address: `127.0.0.1:${port}`,
    setTxt: (name, records) => void txt.set(normalize(name), records),
    questions,
    stop: () => new Promise<void>((done) => socket.close(() => done())),
  };
}
