/** @ismail/firmware-sim: simulated hardware and providers. */
export {
  startNetworkPrinter,
  jobMaxBytes,
  noPrinterFaults,
  type JobOutcome,
  type NetworkPrinter,
  type NetworkPrinterOptions,
  type OfflineMode,
  type PrinterFaults,
  type PrintJob,
} from './printer/network-printer.js';
export type { NotPrintedCause } from './printer/printer-connection.js';
export { decodeEscPos, EscPosDecoder, type EscPosDecoderOptions } from './printer/escpos-decoder.js';
export {
  paperColumns,
  paperWidthDots,
  type Alignment,
  type EscPosEvent,
  type EscPosEventType,
  type EscPosTranscript,
  type LineEnd,
  type PaperWidth,
  type QrErrorCorrection,
  type TextRun,
  type TextStyle,
} from './printer/escpos-types.js';
export { characterOf, codePageByTable, defaultCodePage, type CodePageName } from './printer/code-pages.js';
export { renderTicketPng } from './printer/ticket-png.js';
export {
  isOffline,
  realTimeStatus,
  transmitStatus,
  type MechanismState,
  type PaperState,
} from './printer/printer-status.js';
export {
  startSerialScannerSimulator,
  scanMaxBytes,
  scansQueuedMax,
  type LineEnding,
  type ScannerBinding,
  type ScannerPortOptions,
  type ScanResult,
  type SerialScannerSimulator,
  type SerialScannerSimulatorOptions,
} from './scanner/serial-scanner.js';
export { parseSimConfig, simEnvSpec, type SimConfig } from './config.js';
export {
  startWaveSimulator,
  waveSignature,
  type Delivery,
  type WaveCheckoutStatus,
  type WaveEvent,
  type WaveEventType,
  type WavePaymentStatus,
  type WaveSession,
  type WaveSimulator,
  type WaveSimulatorOptions,
} from './payments/wave.js';
export {
  startMomoSimulator,
  type MomoCallback,
  type MomoFailureReason,
  type MomoPayer,
  type MomoRequestRecord,
  type MomoRequestToPay,
  type MomoSimulator,
  type MomoSimulatorOptions,
  type MomoStatus,
  type MomoTransaction,
} from './payments/momo.js';
export {
  startOrangeMoneySimulator,
  type OrangeInitRequest,
  type OrangeMoneySimulator,
  type OrangeMoneySimulatorOptions,
  type OrangeMoneyNotification,
  type OrangeMoneyNotificationBody,
  type OrangePaymentRecord,
  type OrangePaymentStatus,
} from './payments/orange.js';
export { smsParts, type SmsEncoding, type SmsParts } from './sms/gsm.js';
export type { ReportAttempt } from './sms/reports.js';
export {
  startAfricasTalkingSimulator,
  type AfricasTalkingDeliveryStatus,
  type AfricasTalkingRecipientStatus,
  type AfricasTalkingReport,
  type AfricasTalkingSimulator,
  type AfricasTalkingSimulatorOptions,
  type SentSms,
} from './sms/africastalking.js';
export {
  startOrangeSmsSimulator,
  type OrangeDeliveryStatus,
  type OrangeNotification,
  type OrangeOutboundRequest,
  type OrangeServiceException,
  type OrangeSms,
  type OrangeSmsSimulator,
  type OrangeSmsSimulatorOptions,
} from './sms/orange.js';
export { startSmtpCapture, type CapturedMail, type SmtpCapture, type SmtpCaptureOptions } from './mail/smtp-capture.js';
export { startMailViewer, type CapturedMailSummary, type MailViewer, type MailViewerOptions } from './mail/viewer.js';
export {
  startFneSimulator,
  type FneCertification,
  type FneCertifiedItem,
  type FneCustomTax,
  type FneDocumentKind,
  type FneInvoiceType,
  type FnePaymentMethod,
  type FneSaleRequest,
  type FneSimulator,
  type FneSimulatorOptions,
  type FneTaxCode,
  type FneTemplate,
  type FneTotals,
  type OutageMode,
} from './tax/fne.js';
export {
  startEmecefSimulator,
  type EmecefErrorCode,
  type EmecefInvoiceRecord,
  type EmecefInvoiceRequest,
  type EmecefInvoiceType,
  type EmecefItem,
  type EmecefPaymentType,
  type EmecefRequestState,
  type EmecefSecurityElements,
  type EmecefSimulator,
  type EmecefSimulatorOptions,
  type EmecefTaxGroup,
  type EmecefTaxRates,
  type EmecefTotals,
} from './tax/emecef.js';
export { SimDevice, type SimDeviceType } from './devices/sim-device.js';
export {
  startPushServiceSimulator,
  type PushedMessage,
  type PushServiceSimulator,
  type PushServiceSimulatorOptions,
} from './push/push-service.js';
export { browserSubscription, decryptAes128gcm, type BrowserSubscription } from './push/browser.js';
export {
  startOidcProviderSimulator,
  type OidcProviderSimulator,
  type OidcProviderSimulatorOptions,
  type SimulatedUser,
} from './oidc/provider.js';
export type { IdTokenFault } from './oidc/id-token-faults.js';
export { providerBrowser, type ProviderBrowser } from './oidc/browser.js';
export {
  startElectricStandIn,
  type ElectricStandIn,
  type ElectricStandInOptions,
  type ElectricStandInSql,
  type ReceivedShapeRequest,
} from './electric/electric-stand-in.js';
