import { teamMeasures } from '../../reconciliation/measures/team-measures';
import { measureTargetsSchema } from '../../reconciliation/measures/measure-targets';
import { teamMeasuresRepository } from '../../store/repositories/team-measures';
import type { Handler } from '../dispatcher';
import type { HandlerContext } from './context';

/** The dashboard's team measures: targets from Settings, "today" in the facilities' default zone. */
export function measureHandlers(ctx: HandlerContext): {
  'dashboard.measures': Handler<'dashboard.measures'>;
} {
  const measures = teamMeasuresRepository(ctx.db);
  return {
    'dashboard.measures': () => {
      const settings = ctx.trust?.settings.get();
      return teamMeasures({
        measures,
        repos: ctx.repos,
        targets: settings?.measures ?? measureTargetsSchema.parse(undefined),
        timeZone: settings?.facilities.defaultTimeZone ?? 'UTC',
        now: ctx.clock.now(),
      });
    },
  };
}
