import type { TCharter } from '../lib/types';
import { CheckField, Group, ListField, NumberField, SelectField } from './fields';

// Who fits: company size, industries, territories, tech stack, their points, and the
// domains that disqualify a lead.

export function IcpFieldsets({ draft }: { draft: TCharter }) {
  const { icp, disqualifiers } = draft;
  return (
    <>
      <Group legend="ICP: company size" path="icp.employees">
        <NumberField path="icp.employees.min" value={icp.employees.min} label="Employees, min" step="1" min={0} />
        <NumberField path="icp.employees.max" value={icp.employees.max} label="Employees, max" step="1" min={1} />
        <NumberField path="icp.employees.borderlineMin" value={icp.employees.borderlineMin} label="Borderline from" step="1" min={0} />
        <NumberField path="icp.employees.borderlineMax" value={icp.employees.borderlineMax} label="Borderline up to" step="1" min={1} />
        <SelectField path="icp.unknownAs" value={icp.unknownAs} options={['borderline', 'in_icp'] as const} words={(v) => (v === 'in_icp' ? 'in ICP' : 'borderline')} label="Unknown size, industry or country counts as" />
      </Group>
      <Group legend="ICP: points">
        <NumberField path="icp.points.employees" value={icp.points.employees} label="Company size" min={0} />
        <NumberField path="icp.points.industry" value={icp.points.industry} label="Industry" min={0} />
        <NumberField path="icp.points.country" value={icp.points.country} label="Country" min={0} />
        <NumberField path="icp.points.techStack" value={icp.points.techStack} label="Tech stack" min={0} />
        <CheckField path="icp.techStack.required" value={icp.techStack.required} label="Compatible tech required" />
      </Group>
      <Group legend="ICP: lists" wide>
        <ListField path="icp.industries" value={icp.industries} label="Industries" />
        <ListField path="icp.borderlineIndustries" value={icp.borderlineIndustries} label="Borderline industries" />
        <ListField path="icp.countries" value={icp.countries} label="Countries" hint="ISO codes (FR, US), one a line; none: anywhere." />
        <ListField path="icp.techStack.compatible" value={icp.techStack.compatible} label="Compatible tech" />
      </Group>
      <Group legend="Disqualifiers" wide>
        <ListField path="disqualifiers.internalDomains" value={disqualifiers.internalDomains} label="Internal domains" />
        <ListField path="disqualifiers.competitorDomains" value={disqualifiers.competitorDomains} label="Competitor domains" />
      </Group>
    </>
  );
}
