// The area barrel of the Hotmart REST schemas: one file per API area (reference §4).
export * from './club.ts';
export * from './common.ts';
export * from './coupons.ts';
export * from './events.ts';
export * from './negotiation.ts';
export * from './products.ts';
export * from './sales.ts';
export * from './subscriptions.ts';
export * from './user.ts';
