import { applyDecorators, Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiPreconditionFailedResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { Roles } from '@app/auth';
import { BodySchema, ErrorResponseDto, ParamsSchema, QuerySchema } from '@app/common';
import type { Product } from '@app/domain';
import { ProductBodyDto, ProductBodySchema, ProductIdParamsSchema, ProductPageDto, ProductPatchDto, ProductPatchSchema, ProductResponseDto } from './dto/product.dto';
import { DEFAULT_PAGE_SIZE, ProductsQuery, ProductsQuerySchema } from './dto/products-query.dto';
import { IF_MATCH_PATTERN } from './if-match';
import { etagOf, toProductResponse } from './product-response.mapper';
import { ProductsService } from './products.service';

const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'The ETag you read ("3"); another version → 412. * or absent: any; malformed → 400',
  schema: { type: 'string', pattern: IF_MATCH_PATTERN },
} as const;
const EXAMPLE = { product: { value: { name: 'Espresso beans 1kg', description: 'Single origin', price: 12.65, stock: 40 } } };

/** Administrators' writes: a valid token (401) of a user with the admin role (403). */
function AdminWrite(): MethodDecorator {
  return applyDecorators(
    Roles('admin'),
    ApiBearerAuth('bearer'),
    ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'AUTH.MISSING_TOKEN, AUTH.INVALID_TOKEN' }),
    ApiForbiddenResponse({ type: ErrorResponseDto, description: 'AUTH.FORBIDDEN: the token’s user is not an admin' }),
  );
}

@ApiTags('products')
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION.FAILED and other REQUEST.* / PRODUCT.INVALID_* codes' })
@ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'CATALOG.STORE_UNAVAILABLE, with Retry-After' })
@Controller('api/products')
export class ProductsController {
  constructor(private readonly products: ProductsService) {}

  @Get()
  @ApiOperation({ summary: 'Products buyers can see, newest first; public', description: 'name: a case-insensitive substring of the name.' })
  @QuerySchema(ProductsQuerySchema)
  @ApiOkResponse({ type: ProductPageDto })
  list(@Query() query: ProductsQuery): Promise<ProductPageDto> {
    return this.products.search(query.name, query.limit ?? DEFAULT_PAGE_SIZE, query.cursor);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One product; public. ETag: its version' })
  @ParamsSchema(ProductIdParamsSchema)
  @ApiOkResponse({ type: ProductResponseDto, headers: { ETag: { description: 'The version, quoted', schema: { type: 'string' } } } })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'PRODUCT.NOT_FOUND (also for a deleted product)' })
  async one(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<ProductResponseDto> {
    return this.answer(reply, await this.products.findOne(id));
  }

  @Post()
  @HttpCode(201)
  @AdminWrite()
  @ApiOperation({ summary: 'Add a product (admin)' })
  @BodySchema(ProductBodySchema, EXAMPLE)
  @ApiCreatedResponse({ type: ProductResponseDto, description: 'Location: /api/products/{id}; ETag' })
  @ApiUnsupportedMediaTypeResponse({ type: ErrorResponseDto, description: 'REQUEST.UNSUPPORTED_MEDIA_TYPE' })
  @ApiPayloadTooLargeResponse({ type: ErrorResponseDto, description: 'REQUEST.BODY_TOO_LARGE' })
  async create(@Body() body: ProductBodyDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<ProductResponseDto> {
    const product = await this.products.create(body);
    reply.header('Location', `/api/products/${product.id}`);
    return this.answer(reply, product);
  }

  @Put(':id')
  @AdminWrite()
  @ApiOperation({ summary: 'Replace a product’s fields (admin); a description left out is cleared' })
  @ParamsSchema(ProductIdParamsSchema)
  @BodySchema(ProductBodySchema, EXAMPLE)
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ProductResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'PRODUCT.NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'PRODUCT.STOCK_BELOW_RESERVED' })
  @ApiPreconditionFailedResponse({ type: ErrorResponseDto, description: 'PRODUCT.VERSION_MISMATCH: If-Match names another version' })
  @ApiUnsupportedMediaTypeResponse({ type: ErrorResponseDto, description: 'REQUEST.UNSUPPORTED_MEDIA_TYPE' })
  @ApiPayloadTooLargeResponse({ type: ErrorResponseDto, description: 'REQUEST.BODY_TOO_LARGE' })
  async replace(
    @Param('id') id: string,
    @Body() body: ProductBodyDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProductResponseDto> {
    return this.answer(reply, await this.products.replace(id, body, ifMatch));
  }

  @Patch(':id')
  @AdminWrite()
  @ApiOperation({ summary: 'Change some of a product’s fields (admin)' })
  @ParamsSchema(ProductIdParamsSchema)
  @BodySchema(ProductPatchSchema)
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ProductResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'PRODUCT.NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'PRODUCT.STOCK_BELOW_RESERVED' })
  @ApiPreconditionFailedResponse({ type: ErrorResponseDto, description: 'PRODUCT.VERSION_MISMATCH' })
  @ApiUnsupportedMediaTypeResponse({ type: ErrorResponseDto, description: 'REQUEST.UNSUPPORTED_MEDIA_TYPE' })
  @ApiPayloadTooLargeResponse({ type: ErrorResponseDto, description: 'REQUEST.BODY_TOO_LARGE' })
  async patch(
    @Param('id') id: string,
    @Body() body: ProductPatchDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProductResponseDto> {
    return this.answer(reply, await this.products.patch(id, body, ifMatch));
  }

  @Delete(':id')
  @HttpCode(204)
  @AdminWrite()
  @ApiOperation({ summary: 'Delete a product (admin): gone for buyers, kept for the orders that name it' })
  @ParamsSchema(ProductIdParamsSchema)
  @ApiHeader(IF_MATCH)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'PRODUCT.NOT_FOUND' })
  @ApiPreconditionFailedResponse({ type: ErrorResponseDto, description: 'PRODUCT.VERSION_MISMATCH' })
  async delete(@Param('id') id: string, @Headers('if-match') ifMatch: string | undefined): Promise<void> {
    await this.products.delete(id, ifMatch);
  }

  @Delete()
  @HttpCode(204)
  @AdminWrite()
  @ApiOperation({ summary: 'Delete every product (admin)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  async deleteAll(): Promise<void> {
    await this.products.deleteAll();
  }

  private answer(reply: FastifyReply, product: Product): ProductResponseDto {
    reply.header('ETag', etagOf(product));
    return toProductResponse(product);
  }
}
