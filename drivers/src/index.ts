/** @ismail/drivers: printer and scanner transports. */
export type { PrinterTransport, TransportFailureCode, TransportResult } from './printer/transport.js';
export { tcpTransport, type TcpTransportOptions } from './printer/tcp.js';
