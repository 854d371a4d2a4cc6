/**
 * A printer configured at a hub: the one schema for the hub API's validation, its OpenAPI
 * entry and the counter app's forms. Thermal printers are plugged in every possible way
 * (SPEC 3.9): network (raw TCP 9100), USB, serial, Bluetooth SPP (a serial device such as
 * /dev/rfcomm0) and Bluetooth Low Energy; they speak the EPSON or the STAR command set.
 */
import { Type, type Static } from '@sinclair/typebox';

const common = {
  id: Type.String({
    format: 'uuid',
    description: 'Chosen by the client; retrying with the same id never adds a second printer.',
  }),
  name: Type.String({ minLength: 1, maxLength: 80 }),
  widthMm: Type.Union([Type.Literal(58), Type.Literal(80)]),
  // EPSON ESC/POS when unset.
  commandSet: Type.Optional(Type.Union([Type.Literal('epson'), Type.Literal('star')])),
  // WPC1252 when unset; PC858 for EPSON-compatible printers without it.
  codePage: Type.Optional(Type.Union([Type.Literal('wpc1252'), Type.Literal('pc858')])),
};
const usbId = Type.Integer({ minimum: 0, maximum: 0xffff });
/** Serial device paths on Linux and Windows; nothing a shell or a path traversal could use. */
const devicePath = Type.String({ minLength: 1, maxLength: 100, pattern: '^(/dev/[A-Za-z0-9._/-]+|COM[0-9]{1,3})$' });
const baudRate = Type.Union(
  [9600, 19200, 38400, 57600, 115200].map((b) => Type.Literal(b)),
  { description: 'usually 9600' },
);

export const TcpPrinterSchema = Type.Object(
  {
    ...common,
    transport: Type.Literal('tcp'),
    host: Type.String({ minLength: 1, maxLength: 253, pattern: '^[A-Za-z0-9.\\-:]+$' }),
    port: Type.Integer({ minimum: 1, maximum: 65535, description: 'usually 9100' }),
  },
  { additionalProperties: false },
);
export const UsbPrinterSchema = Type.Object(
  { ...common, transport: Type.Literal('usb'), vendorId: usbId, productId: usbId },
  { additionalProperties: false },
);
export const SerialPrinterSchema = Type.Object(
  {
    ...common,
    transport: Type.Union([Type.Literal('serial'), Type.Literal('bluetooth_spp')]),
    path: devicePath,
    baudRate,
  },
  { additionalProperties: false },
);
export const BlePrinterSchema = Type.Object(
  {
    ...common,
    transport: Type.Literal('ble'),
    /** The peripheral's address (or id where the OS hides addresses), as noble reports it. */
    address: Type.String({ minLength: 1, maxLength: 64, pattern: '^[0-9A-Fa-f:-]+$' }),
    serviceUuid: Type.Optional(Type.String({ pattern: '^[0-9a-fA-F-]{4,36}$' })),
    characteristicUuid: Type.Optional(Type.String({ pattern: '^[0-9a-fA-F-]{4,36}$' })),
  },
  { additionalProperties: false },
);

export const PrinterConfigSchema = Type.Union([
  TcpPrinterSchema,
  UsbPrinterSchema,
  SerialPrinterSchema,
  BlePrinterSchema,
]);
export type PrinterConfig = Static<typeof PrinterConfigSchema>;
export type PrinterTransportKind = PrinterConfig['transport'];

export const PrinterListSchema = Type.Object({
  printers: Type.Array(PrinterConfigSchema, { maxItems: 100 }),
});

/** A counter has a handful of printers; more is a runaway client. */
export const printersPerHubMax = 100;
