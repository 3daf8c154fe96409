// Address parsing, classification and address-set algebra for every exposure judgement.
export * from './cidr.js';
export * from './address-set.js';
export * from './classify.js';
export {
  EXPOSURE_RANK,
  EXPOSURE_THRESHOLD_TEXT,
  INTERNET_THRESHOLD,
  describeAddressCount,
  exposureLevelOf,
  exposureLevelOfCount,
  exposureThresholdText,
  hasPublicAddresses,
  publicPart,
  type ExposureLevel,
} from './internet-exposure.js';
