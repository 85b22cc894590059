import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument } from 'mongoose';

@Schema({ collection: 'users', timestamps: true, versionKey: false })
export class User {
  /** As the user typed it at registration; shown back to them. */
  @Prop({ required: true })
  username: string;

  /**
   * Lower-cased username, unique: FerretDB has no collation, so case-insensitive
   * uniqueness is a unique index on a normalised copy.
   */
  @Prop({ required: true, unique: true })
  usernameNormalized: string;

  /** argon2id hash; the password itself is never stored. */
  @Prop({ required: true })
  passwordHash: string;

  /** Carried in tokens; users registered through the API have none. */
  @Prop({ type: [String], default: [] })
  roles: string[];

  createdAt: Date;
  updatedAt: Date;
}

export type UserDocument = HydratedDocument<User>;
export const UserSchema = SchemaFactory.createForClass(User);
