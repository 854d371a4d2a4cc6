/** @ismail/drivers: printer and scanner transports, ticket encoding, discovery. */
export type {
  PrinterTransport,
  SendOptions,
  SendResult,
  TransportFailureCode,
  TransportResult,
} from './printer/transport.js';
export { tcpTransport, type TcpTransportOptions } from './printer/tcp.js';
export {
  serialTransport,
  type SerialPortFactory,
  type SerialPortLike,
  type SerialTransportOptions,
} from './printer/serial.js';
export {
  loadUsb,
  usbTransport,
  type UsbDeviceLike,
  type UsbEndpointLike,
  type UsbInterfaceLike,
  type UsbLib,
  type UsbTransportOptions,
} from './printer/usb.js';
export {
  bleTransport,
  chunkForMtu,
  loadNoble,
  type BleCharacteristicLike,
  type BlePeripheralLike,
  type BleTransportOptions,
  type NobleLike,
} from './printer/ble.js';
export { transportFor } from './printer/for-config.js';
export { encodeTicket, type TicketOptions } from './printer/encode.js';
export {
  discoverPrinters,
  receiptPrinterVendors,
  systemDiscoveryDeps,
  type Discovery,
  type DiscoveryDeps,
  type PrinterCandidate,
  type TransportAvailability,
} from './printer/discovery.js';
export { parsePrinterStatus, type PrinterState } from './printer/status.js';
export {
  openSerialScanner,
  type ScannerState,
  type SerialScanner,
  type SerialScannerOptions,
} from './scanner/serial-scanner.js';
