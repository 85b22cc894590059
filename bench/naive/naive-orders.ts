/**
 * P6's contender: POST /order written the way a first NestJS tutorial would — Express,
 * a JWT guard, a validated DTO, a hydrated mongoose document saved with save(), and one
 * awaited ClientKafka emit per request. Same token, same body, same writes (w:majority,
 * acks=all) as apps/orders, so the ratio shows what the design is worth.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { Body, CanActivate, Controller, ExecutionContext, Inject, Injectable, Module, Post, UnauthorizedException, UseGuards, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JwtModule, JwtService } from '@nestjs/jwt';
import { ClientKafka, ClientsModule, Transport } from '@nestjs/microservices';
import { InjectModel, MongooseModule, Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsInt, IsNumber, IsOptional, IsPositive, IsString, ValidateNested } from 'class-validator';
import { lastValueFrom } from 'rxjs';
import { Model } from 'mongoose';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

class OrderItemDto {
  @IsString() name: string;
  @IsInt() @IsPositive() quantity: number;
  @IsOptional() @IsNumber() price?: number;
}

class PlaceOrderDto {
  @IsString() userid: string;
  @IsNumber() cost: number;
  @ValidateNested({ each: true }) @ArrayMinSize(1) @Type(() => OrderItemDto) orderitems: OrderItemDto[];
}

@Schema({ timestamps: true, collection: 'naive_orders', writeConcern: { w: 'majority' } })
class NaiveOrder {
  @Prop() userid: string;
  @Prop() cost: number;
  @Prop({ type: [{ name: String, quantity: Number, price: Number }] }) orderitems: OrderItemDto[];
  @Prop({ default: 'PLACED' }) status: string;
}
const NaiveOrderSchema = SchemaFactory.createForClass(NaiveOrder);

@Injectable()
class JwtGuard implements CanActivate {
  constructor(private readonly jwt: JwtService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const header = context.switchToHttp().getRequest<{ headers: Record<string, string> }>().headers.authorization ?? '';
    try {
      await this.jwt.verifyAsync(header.replace(/^Bearer /, ''), { algorithms: ['RS256'] });
      return true;
    } catch {
      throw new UnauthorizedException();
    }
  }
}

@Controller()
class NaiveOrdersController {
  constructor(
    @InjectModel(NaiveOrder.name) private readonly orders: Model<NaiveOrder>,
    @Inject('KAFKA') private readonly kafka: ClientKafka,
  ) {}

  @Post('order')
  @UseGuards(JwtGuard)
  async place(@Body() body: PlaceOrderDto) {
    const order = await new this.orders(body).save();
    await lastValueFrom(this.kafka.emit(env('BENCH_TOPIC'), { key: order.id, value: JSON.stringify(order.toJSON()) }));
    return order.toJSON();
  }
}

@Module({
  imports: [
    MongooseModule.forRoot(env('MONGO_URI')),
    MongooseModule.forFeature([{ name: NaiveOrder.name, schema: NaiveOrderSchema }]),
    JwtModule.register({ publicKey: readFileSync(env('JWT_PUBLIC_KEY_PATH'), 'utf8') }),
    ClientsModule.register([
      {
        name: 'KAFKA',
        transport: Transport.KAFKA,
        options: { client: { clientId: 'bench-naive', brokers: env('KAFKA_BROKERS').split(',') }, producerOnlyMode: true },
      },
    ]),
  ],
  controllers: [NaiveOrdersController],
  providers: [JwtGuard],
})
class NaiveAppModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create(NaiveAppModule, { logger: ['error'] });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, transform: true }));
  app.enableShutdownHooks();
  await app.get<ClientKafka>('KAFKA').connect();
  await app.listen(Number(env('BENCH_PORT')), '127.0.0.1');
}

void main();
