/** The cgroup drivers' public face: detection, the driver interface, and the device list shared with the bundle. */
export {cgroupDriver, detectCgroupDriver} from './detect.js';
export type {CgroupDriver, CgroupHandle, CgroupStats, CgroupWrite} from './types.js';
export {DEFAULT_DEVICE_RULES, deviceRuleLine, effectiveDeviceRules, type DeviceRule} from './devices.js';
export {readHostInfo} from './host-info.js';
export {v1Writes} from './v1-translate.js';
export {cpuSharesToWeight, swapMaxFromMemsw, v2Writes} from './v2-translate.js';
