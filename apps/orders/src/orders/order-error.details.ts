import type { DomainErrorDetails } from '@app/common';
import { OrderErrorCode, UnknownProductError } from '@app/domain';

/** The order errors whose details name fields of the request: the lines of `orderitems`. */
export const orderErrorDetails: DomainErrorDetails = {
  [OrderErrorCode.UNKNOWN_PRODUCT]: (error) =>
    error instanceof UnknownProductError
      ? error.unknown.map(({ index, productId }) => ({
          field: `orderitems.${index}.productId`,
          messages: [`product ${productId} is not in the catalog (unknown or deleted)`],
        }))
      : undefined,
};
