// The OASIS SARIF 2.1.0 schema (as shipped by Microsoft's SARIF test matchers) and one validator,
// shared by every test of a SARIF output.
import { createRequire } from 'node:module';
import AjvModule from 'ajv-draft-04';
import formatsModule from 'ajv-formats';

// CommonJS packages: under NodeNext their default export is the module object at type level.
type Validator = ((data: unknown) => boolean) & { errors?: unknown };
const Ajv = ((AjvModule as unknown as { default?: unknown }).default ?? AjvModule) as unknown as new (o: object) => { compile(schema: unknown): Validator };
const addFormats = ((formatsModule as unknown as { default?: typeof formatsModule }).default ?? formatsModule) as unknown as (ajv: unknown) => void;

const schema = createRequire(import.meta.url)('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

/** The schema's errors for a SARIF log, as JSON; '' when it is valid. */
export function sarifErrors(log: unknown): string {
  return validate(log) ? '' : JSON.stringify(validate.errors);
}
