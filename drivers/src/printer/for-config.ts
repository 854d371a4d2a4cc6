/**
 * The transport for a configured printer: composition in one place, so the print queue
 * never knows how a printer is plugged in.
 */
import type { PrinterConfig } from '@ismail/shared';
import { bleTransport } from './ble.js';
import { serialTransport } from './serial.js';
import { tcpTransport } from './tcp.js';
import type { PrinterTransport } from './transport.js';
import { usbTransport } from './usb.js';

export function transportFor(printer: PrinterConfig): PrinterTransport {
  switch (printer.transport) {
    case 'tcp':
      return tcpTransport({ host: printer.host, port: printer.port });
    case 'usb':
      return usbTransport({ vendorId: printer.vendorId, productId: printer.productId });
    case 'serial':
    case 'bluetooth_spp':
      return serialTransport({ path: printer.path, baudRate: printer.baudRate });
    case 'ble':
      return bleTransport({
        address: printer.address,
        serviceUuid: printer.serviceUuid,
        characteristicUuid: printer.characteristicUuid,
      });
  }
}
