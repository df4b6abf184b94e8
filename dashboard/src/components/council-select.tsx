import type { CouncilOption } from '../lib/areas';
import { SelectField } from './select-field';

export function CouncilSelect({
  councils,
  value,
  onChange,
}: {
  councils: readonly CouncilOption[];
  value: string;
  onChange: (code: string) => void;
}) {
  return (
    <SelectField
      label="Council"
      testId="council-select"
      value={value}
      options={councils.map((council) => ({ value: council.code, label: council.name }))}
      onChange={onChange}
    />
  );
}
