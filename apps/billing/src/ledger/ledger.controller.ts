import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AuthErrorCode, AuthUser, CurrentUser, JwtAuthGuard, Roles } from '@app/auth';
import { AppException, ErrorResponseDto, QuerySchema } from '@app/common';
import { CompensationsRepository } from '../compensations/compensations.repository';
import { CompensationListDto, CompensationsQuery, CompensationsQuerySchema, DEFAULT_PAGE_SIZE, LedgerPageDto, LedgerQuery, LedgerQuerySchema } from './dto/ledger.dto';
import { LedgerRepository } from './ledger.repository';

const money = (minor: string | number): number => Number(minor) / 100;

@ApiTags('billing')
@ApiBearerAuth('bearer')
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'AUTH.MISSING_TOKEN, AUTH.INVALID_TOKEN' })
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION.FAILED and other REQUEST.* codes' })
@Controller('api/billing')
export class LedgerController {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly compensations: CompensationsRepository,
  ) {}

  @Get('ledger')
  @UseGuards(JwtAuthGuard)
  @ApiOperation({ summary: "The caller's charges and refunds, newest first", description: 'Administrators may name any user (userid), or none for everyone’s.' })
  @QuerySchema(LedgerQuerySchema)
  @ApiOkResponse({ type: LedgerPageDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'AUTH.FORBIDDEN: userid names another user and the caller is not an admin' })
  async list(@CurrentUser() user: AuthUser, @Query() query: LedgerQuery): Promise<LedgerPageDto> {
    const admin = user.roles.includes('admin');
    if (query.userid !== undefined && query.userid !== user.id && !admin) {
      throw new AppException(403, AuthErrorCode.FORBIDDEN, "Only an administrator may read another user's ledger");
    }
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const userId = query.userid ?? (admin ? undefined : user.id);
    const rows = await this.ledger.page(userId, limit + 1, query.cursor);
    const page = rows.slice(0, limit);
    return {
      entries: page.map((row) => ({
        orderid: row.order_id,
        userid: row.user_id,
        numberOfItems: row.item_count,
        amount: money(row.amount_minor),
        currency: row.currency,
        kind: row.kind,
        providerId: row.provider_id,
        at: new Date(row.at).toISOString(),
      })),
      nextCursor: rows.length > limit ? String(page[page.length - 1].id) : null,
    };
  }

  @Get('compensations')
  @Roles('admin')
  @ApiOperation({ summary: 'The compensation log: pending undo operations first, then the newest done (administrators)' })
  @QuerySchema(CompensationsQuerySchema)
  @ApiOkResponse({ type: CompensationListDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'AUTH.FORBIDDEN: the token’s user is not an admin' })
  async listCompensations(@Query() query: CompensationsQuery): Promise<CompensationListDto> {
    const [rows, summary] = await Promise.all([this.compensations.list(query.limit ?? 100, query.status), this.compensations.pendingSummary()]);
    return {
      pending: summary.pending,
      compensations: rows.map((row) => ({
        id: row.id,
        orderid: row.order_id,
        kind: row.kind,
        cause: row.cause,
        amount: money(row.amount_minor),
        status: row.status,
        attempts: row.attempts,
        lastError: row.last_error,
        nextAttemptAt: new Date(row.next_attempt_at).toISOString(),
        outcome: row.outcome,
        createdAt: new Date(row.created_at).toISOString(),
        doneAt: row.done_at ? new Date(row.done_at).toISOString() : null,
      })),
    };
  }
}
