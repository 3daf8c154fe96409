// Card numbers that payment processors publish for sandbox testing. A match is a label on a finding
// ("test card"), applied after detection, never a filter before it: a live test card in production
// logs still says card data flows there. Kept as strings on purpose: PANhunt's exclude list went
// through a spreadsheet and every 16-digit entry lost its last digit (pan.md §5).
// Source: the corpus test-cards.json (Stripe, Braintree, Adyen, Payflow, Authorize.Net, Cybersource);
// its two Luhn-invalid entries are left out because they are not card numbers.

export const TEST_CARD_NUMBERS: readonly string[] = [
  '4242424242424242', // stripe: Visa
  '4000056655665556', // stripe: Visa debit
  '5555555555554444', // stripe: Mastercard
  '2223003122003222', // stripe: Mastercard 2-series
  '5200828282828210', // stripe: Mastercard debit
  '5105105105105100', // stripe: Mastercard prepaid
  '378282246310005', // stripe: Amex
  '371449635398431', // stripe: Amex
  '6011111111111117', // stripe: Discover
  '6011000990139424', // stripe: Discover
  '6011981111111113', // stripe: Discover debit
  '3056930009020004', // stripe: Diners 16
  '36227206271667', // stripe: Diners 14
  '6555900000604105', // stripe: BCcard/DinaCard
  '3566002020360505', // stripe: JCB
  '6200000000000005', // stripe: UnionPay
  '6200000000000047', // stripe: UnionPay debit
  '6205500000000000004', // stripe: UnionPay 19
  '4012888888881881', // stripe(old): Visa
  '30569309025904', // stripe(old): Diners
  '38520000023237', // stripe(old): Diners
  '3530111333300000', // stripe(old): JCB
  '4000000000000002', // stripe: Visa, always declined
  '4000000000009995', // stripe: Visa, insufficient funds
  '4000000000003220', // stripe: Visa, 3DS required
  '4111111111111111', // braintree: Visa
  '4009348888881881', // braintree: Visa international
  '4500600000000061', // braintree: Visa prepaid
  '4000111111111115', // braintree: Visa, fails verification
  '4000111111111511', // braintree: Visa, fraud
  '378734493671000', // braintree: Amex corporate
  '6304000000000000', // braintree: Maestro
  '1000000000000008', // braintree: unknown brand
  '4217651111111119', // braintree: Visa
  '4012000077777777', // braintree: Visa
  '4005519200000004', // braintree: Visa
  '2223000048400011', // braintree: Mastercard 2-series
  '36259600000004', // braintree: Diners
  '5100081112223332', // adyen: Mastercard
  '5100290029002909', // adyen: Mastercard
  '5577000055770004', // adyen: Mastercard
  '5136333333333335', // adyen: Mastercard
  '5585558555855583', // adyen: Mastercard
  '5555444433331111', // adyen: Mastercard
  '5500000000000004', // adyen: Mastercard debit
  '5424000000000015', // adyen: Mastercard
  '4988438843884305', // adyen: Visa
  '4166676667666746', // adyen: Visa
  '4646464646464644', // adyen: Visa
  '4444333322221111', // adyen: Visa corporate
  '4400000000000008', // adyen: Visa debit
  '4977949494949497', // adyen: Visa gold
  '370000000000002', // adyen/authnet: Amex
  '5610591081018250', // payflow: Australian BankCard
  '4222222222222', // payflow: Visa 13-digit
  '5019717010103742', // payflow: Dankort
  '6331101999990016', // payflow: Switch/Solo
  '38000000000006', // authnet: Diners
  '6011000000000012', // authnet: Discover
  '3088000000000017', // authnet: JCB (legacy 3088)
  '4007000000027', // authnet: Visa 13
  '4012888818888', // authnet: Visa 13
  '3566111111111113', // cybersource: JCB
  '6759411100000008', // cybersource: Maestro UK
  '6759560045005727054', // cybersource: Maestro UK 19
  '5641821111166669', // cybersource: Switch
  '2222420000001113', // cybersource: Mastercard 2-series
  '2222630000001125', // cybersource: Mastercard 2-series
  '135412345678911', // cybersource: UATP
  '4444444444444448', // misc: repeated-digit Visa-shaped filler (Luhn-valid)
];
