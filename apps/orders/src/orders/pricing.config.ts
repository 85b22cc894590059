import { defineConfig } from '@app/config';
import { Transform } from 'class-transformer';
import { IsNumber, Max, Min } from 'class-validator';

class PricingEnv {
  // A percentage with at most two decimals (7.25): the fee is then an exact count of basis points.
  @Transform(({ value }) => (typeof value === 'string' && /^\d{1,3}(\.\d{1,2})?$/.test(value.trim()) ? Number(value) : value))
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  @Max(100)
  ORDER_FEE_PERCENT = 20;
}

/** How the server prices an order of catalog products. */
export const pricingConfig = defineConfig('pricing', PricingEnv, (env) => ({
  /** The fee in hundredths of a percent: 20 % is 2000. */
  feeBasisPoints: Math.round(env.ORDER_FEE_PERCENT * 100),
}));
