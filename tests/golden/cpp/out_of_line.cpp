// Out-of-line definitions: the written scope joins the qualified name.
#include "shape.h"

bool Shape::operator==(const Shape &o) const
{
    return w_ == o.w_ && h_ == o.h_;
}

Shape::Shape() : w_(0), h_(0) {}

Shape::~Shape() {}

int *geo::Shape::data(int index)
{
    return nullptr;
}

const Shape &
geo::detail::Shape::self() const
{
    return *this;
}

template <typename T>
Box<T>::
Box(T value) : v_(value) {}

template <typename T>
T
Box<T>::
get() const
{
    return v_;
}
